import Foundation

/// SplitMix64: tiny, fast and identical on every platform, so a seed reproduces a selection bit for bit
/// (SystemRandomNumberGenerator cannot be seeded).
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

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
}
