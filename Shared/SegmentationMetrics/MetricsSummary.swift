/// Mean ± sample standard deviation of one metric over cases, with the undefined values counted, not hidden.
public struct MetricSummary: Sendable, Equatable, Codable, CustomStringConvertible {
    public let mean: Double?
    /// Sample standard deviation (n − 1); `nil` with fewer than two defined values.
    public let standardDeviation: Double?
    public let defined: Int
    public let missing: Int

    public init(_ values: [Double?]) {
        let present = values.compactMap { $0 }
        defined = present.count
        missing = values.count - present.count
        guard !present.isEmpty else {
            mean = nil
            standardDeviation = nil
            return
        }
        let average = present.reduce(0, +) / Double(present.count)
        mean = average
        standardDeviation = present.count < 2 ? nil
            : (present.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(present.count - 1)).squareRoot()
    }

    public var description: String {
        guard let mean else { return "n/a (\(missing) missing)" }
        let spread = standardDeviation.map { " ± \($0)" } ?? ""
        return "\(mean)\(spread) (n=\(defined)\(missing > 0 ? ", \(missing) missing" : ""))"
    }
}

/// Per-metric summaries of one class over many cases.
public struct MetricsSummary: Sendable, Equatable, Codable {
    public let cases: Int
    public let unit: DistanceUnit?
    public let dice: MetricSummary
    public let iou: MetricSummary
    public let hausdorff: MetricSummary
    public let hausdorff95: MetricSummary
    public let averageSurfaceDistance: MetricSummary

    /// `unit` is `nil` only for an empty input; mixing millimetres and pixels throws.
    public init(_ results: [ClassMetrics]) throws {
        let units = Set(results.map(\.unit))
        guard units.count <= 1 else { throw MetricsError.mixedUnits }
        cases = results.count
        unit = units.first
        dice = MetricSummary(results.map(\.dice))
        iou = MetricSummary(results.map(\.iou))
        hausdorff = MetricSummary(results.map(\.hausdorff))
        hausdorff95 = MetricSummary(results.map(\.hausdorff95))
        averageSurfaceDistance = MetricSummary(results.map(\.averageSurfaceDistance))
    }

    /// One summary per label column of `BatchMetrics.evaluate`'s output, in the same label order.
    public static func perLabel(_ batch: [[ClassMetrics]]) throws -> [MetricsSummary] {
        let labelCount = batch.first?.count ?? 0
        return try (0..<labelCount).map { column in try MetricsSummary(batch.map { $0[column] }) }
    }
}
