import NumericSupport

extension SeededRandom {
    /// Stream `stream` of `seed`: each phantom draws from its own stream, so any phantom can be regenerated
    /// alone and the pool does not change when phantoms are added after it.
    init(seed: UInt64, stream: UInt64) {
        var mixer = SeededRandom(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        self.init(seed: mixer.next())
    }

    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + uniform() * (range.upperBound - range.lowerBound)
    }

    mutating func sign() -> Double { uniform() < 0.5 ? -1 : 1 }
}
