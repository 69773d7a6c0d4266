import Foundation

/// PCG-XSH-RR (64-bit state, 32-bit output): seedable and identical on every platform, so a seed reproduces
/// a phantom pool byte for byte. Each phantom gets its own stream, derived from the pool seed and its index,
/// so phantoms can be drawn in any order or in parallel.
public struct PhantomRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    private let increment: UInt64

    public init(seed: UInt64, stream: UInt64 = 0) {
        increment = (stream << 1) | 1
        state = 0
        _ = next32()
        state &+= seed
        _ = next32()
    }

    private mutating func next32() -> UInt32 {
        let old = state
        state = old &* 6_364_136_223_846_793_005 &+ increment
        let shifted = UInt32(truncatingIfNeeded: ((old >> 18) ^ old) >> 27)
        let rotation = UInt32(truncatingIfNeeded: old >> 59)
        return shifted.rotateRight(by: rotation)
    }

    public mutating func next() -> UInt64 {
        UInt64(next32()) << 32 | UInt64(next32())
    }

    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        Double.random(in: range, using: &self)
    }

    /// Standard normal (Box–Muller).
    mutating func gaussian() -> Double {
        let u1 = max(Double.random(in: 0..<1, using: &self), .leastNonzeroMagnitude)
        let u2 = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    mutating func sign() -> Double { Bool.random(using: &self) ? 1 : -1 }
}

private extension UInt32 {
    func rotateRight(by amount: UInt32) -> UInt32 {
        let r = amount & 31
        return r == 0 ? self : (self >> r) | (self << (32 - r))
    }
}
