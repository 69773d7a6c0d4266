import NumericSupport
import Foundation
import SegmentationMetrics

public struct MetricsBenchmarkResult: Sendable, CustomStringConvertible {
    public let pairs: Int
    public let size: Int
    public let labelsPerPair: Int
    public let workers: Int
    public let seconds: Double
    /// Guards against the work being optimised away and shows the masks are realistic (~0.9).
    public let meanDice: Double

    public var pairsPerSecond: Double { Double(pairs) / seconds }

    public var description: String {
        let rate = pairsPerSecond.formatted(.number.precision(.fractionLength(0)))
        let time = seconds.formatted(.number.precision(.fractionLength(2)))
        return "\(pairs) pairs of \(size)×\(size) label maps (\(labelsPerPair) classes each, \(workers) workers): "
            + "\(time) s, \(rate) pairs/s, mean Dice \(meanDice.formatted(.number.precision(.fractionLength(3))))"
    }
}

public enum MetricsBenchmark {
    /// Times `BatchMetrics.evaluate` (Dice, IoU, HD, HD95, ASSD for both lungs) on synthetic lung-shaped pairs.
    /// Inputs come from a pool of distinct pairs built before the clock starts.
    public static func run(pairs: Int = 10_000, size: Int = 512,
                           workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                           seed: UInt64 = 1) throws -> MetricsBenchmarkResult {
        var generator = SeededRandom(seed: seed)
        let pool = try (0..<min(pairs, 32)).map { _ in
            let pair = try SyntheticLungs.pair(size: size, generator: &generator)
            return MetricsCase(prediction: pair.prediction, truth: pair.truth, spacing: .pixels(axes: 2))
        }
        let cases = (0..<pairs).map { pool[$0 % pool.count] }
        let labels: [UInt8] = [1, 2]
        let clock = ContinuousClock()
        let start = clock.now
        let results = try BatchMetrics.evaluate(cases, labels: labels, workers: workers)
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let dice = results.flatMap { $0.map(\.dice) }
        return MetricsBenchmarkResult(pairs: pairs, size: size, labelsPerPair: labels.count, workers: workers,
                                      seconds: seconds, meanDice: dice.reduce(0, +) / Double(max(dice.count, 1)))
    }
}
