import Foundation

/// The one seeded generator: xoshiro256** seeded through SplitMix64. Fast, identical on every platform (so a
/// seed reproduces a selection or a training run bit for bit; SystemRandomNumberGenerator cannot be seeded),
/// and its whole state is four integers, so a checkpoint can store it and a resumed run continues the same
/// sequence.
public struct SeededRandom: RandomNumberGenerator, Sendable, Equatable {
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var mixer = seed
        func splitMix() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    public init(state: [UInt64]) {
        precondition(state.count == 4, "xoshiro256** state has four words")
        self.state = (state[0], state[1], state[2], state[3])
    }

    public var stateWords: [UInt64] { [state.0, state.1, state.2, state.3] }

    public static func == (a: SeededRandom, b: SeededRandom) -> Bool { a.stateWords == b.stateWords }

    public mutating func next() -> UInt64 {
        let result = ((state.1 &* 5) << 7 | (state.1 &* 5) >> 57) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = state.3 << 45 | state.3 >> 19
        return result
    }

    // MARK: Double precision (selection, phantoms)

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Standard normal via Box–Muller; one value per call keeps the stream simple to reason about.
    public mutating func gaussian() -> Double {
        let u1 = max(uniform(), Double.leastNonzeroMagnitude)
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Index drawn with probability proportional to `weights` (which must have a positive sum).
    public mutating func weightedIndex(_ weights: [Double], total: Double) -> Int {
        let target = uniform() * total
        var acc = 0.0
        for (i, w) in weights.enumerated() {
            acc += w
            if acc > target { return i }
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }

    // MARK: Single precision (training)

    /// Uniform in [0, 1) with 24 bits, the precision a Float holds.
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    public mutating func uniform(_ range: ClosedRange<Float>) -> Float {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUniform()
    }

    /// Standard normal by Box–Muller, in single precision.
    public mutating func nextNormal() -> Float {
        Float(gaussian())
    }

    // MARK: Orders and streams

    /// Fisher–Yates with this generator's own index draws, so an order depends only on the seed, not on the
    /// standard library's shuffle algorithm.
    public mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            let j = Int(next().multipliedFullWidth(by: UInt64(i + 1)).high)
            values.swapAt(i, j)
        }
    }

    /// A generator for a sub-stream (epoch, sample, …) that does not depend on how many numbers the parent
    /// drew: this is what keeps augmentation deterministic when batches are prepared on another thread.
    public func derived(_ salt: UInt64...) -> SeededRandom {
        var seed = state.0 ^ state.2
        for value in salt { seed = (seed ^ value) &* 0x9E37_79B9_7F4A_7C15 &+ 0x632B_E59B_D9B4_E019 }
        return SeededRandom(seed: seed)
    }
}
