import Foundation
import SegmentationMetrics
import Selection

/// Summaries of a results file: mean ± sd over seeds per strategy and labelled count, the paired per-seed
/// difference of each strategy to the random baseline, and learning curves.
public struct ExperimentReport: Sendable {
    public let rows: [ResultRow]

    public init(_ rows: [ResultRow]) { self.rows = rows }

    /// Metric columns in the results' order, with the direction that counts as better.
    static let metrics: [(name: String, higherIsBetter: Bool, value: @Sendable (ResultRow) -> Double?)] = [
        ("Dice", true, \.dice), ("IoU", true, \.iou), ("HD", false, \.hausdorff), ("HD95", false, \.hausdorff95),
        ("ASSD", false, \.averageSurfaceDistance),
    ]

    /// Annotation effort against the pre-annotations, per round's picks (lower: less to correct).
    static let efforts: [(name: String, value: @Sendable (ResultRow) -> Double?)] = [
        ("effort 1−Dice", \.effortPixels), ("contour to redraw", \.effortContour),
    ]

    public var strategies: [String] {
        var seen: Set<String> = []
        return rows.map(\.strategy).filter { seen.insert($0).inserted }
    }

    var unit: String { Set(rows.map(\.unit)).sorted().joined(separator: "/") }

    private func groups() -> [(strategy: String, labelled: Int, rows: [ResultRow])] {
        strategies.flatMap { strategy in
            let mine = rows.filter { $0.strategy == strategy }
            return Set(mine.map(\.labelled)).sorted().map { labelled in
                (strategy, labelled, mine.filter { $0.labelled == labelled })
            }
        }
    }

    public func markdown(title: String) -> String {
        var lines = ["# \(title)", "", "Test-split metrics, mean ± sd over seeds (distances in \(unit)).", "",
                     "| strategy | labelled | seeds | " + (Self.metrics.map(\.name) + Self.efforts.map(\.name)).joined(separator: " | ") + " |",
                     "|---|---:|---:|" + String(repeating: "---:|", count: Self.metrics.count + Self.efforts.count)]
        for group in groups() {
            let cells = (Self.metrics.map(\.value) + Self.efforts.map(\.value)).map { value in
                Self.format(MetricSummary(group.rows.map(value)))
            }
            lines.append("| \(group.strategy) | \(group.labelled) | \(group.rows.count) | " + cells.joined(separator: " | ") + " |")
        }
        lines += ["", "Effort: the round's picks against the model's pre-annotation of them (the previous round's model), "
                  + "as 1 − Dice and as the share of the true contour to redraw; none in round 0.", "", pairedMarkdown()]
        if let activeLearning = activeLearningMarkdown() { lines += ["", activeLearning] }
        if let perLabel = perLabelMarkdown() { lines += ["", perLabel] }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Dice and HD95 of each foreground label and of their union, mean ± sd over seeds; nil for single-label results.
    func perLabelMarkdown() -> String? {
        var names: [String] = []
        for name in rows.flatMap({ $0.byLabel.map(\.name) }) where !names.contains(name) { names.append(name) }
        guard !names.isEmpty else { return nil }
        let columns = names.map { "Dice \($0)" } + names.map { "HD95 \($0)" }
        var lines = ["## Per label and union (distances in \(unit))", "",
                     "| strategy | labelled | seeds | " + columns.joined(separator: " | ") + " |",
                     "|---|---:|---:|" + String(repeating: "---:|", count: columns.count)]
        for group in groups() {
            func cell(_ name: String, _ value: (ResultRow.LabelScore) -> Double?) -> String {
                Self.format(MetricSummary(group.rows.map { row in row.byLabel.first { $0.name == name }.flatMap(value) }))
            }
            let cells = names.map { cell($0, \.dice) } + names.map { cell($0, \.hausdorff95) }
            lines.append("| \(group.strategy) | \(group.labelled) | \(group.rows.count) | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// Per seed and labelled count, strategy minus random; "better" counts seeds where the strategy wins.
    func pairedMarkdown() -> String {
        let baseline = ExperimentPlan.baseline
        guard strategies.contains(baseline) else {
            return "No `\(baseline)` arm, so no paired comparison (add `\(baseline)` to the strategies)."
        }
        let reference = Dictionary(rows.filter { $0.strategy == baseline }.map { ("\($0.seed)/\($0.labelled)", $0) },
                                   uniquingKeysWith: { first, _ in first })
        var lines = ["## Paired comparison with \(baseline) (same seed, same labelled count)", "",
                     "| strategy | labelled | pairs | ΔDice | Dice better | ΔHD95 | HD95 better |",
                     "|---|---:|---:|---:|---:|---:|---:|"]
        for group in groups() where group.strategy != baseline {
            let pairs = group.rows.compactMap { row in reference["\(row.seed)/\(row.labelled)"].map { (row, $0) } }
            guard !pairs.isEmpty else { continue }
            func compare(_ metric: (ResultRow) -> Double?, higherIsBetter: Bool) -> (String, String) {
                let deltas = pairs.compactMap { pair in metric(pair.0).flatMap { a in metric(pair.1).map { a - $0 } } }
                let wins = deltas.filter { higherIsBetter ? $0 > 0 : $0 < 0 }.count
                return (Self.format(MetricSummary(deltas), signed: true), "\(wins)/\(deltas.count)")
            }
            let dice = compare(\.dice, higherIsBetter: true)
            let hd95 = compare(\.hausdorff95, higherIsBetter: false)
            lines.append("| \(group.strategy) | \(group.labelled) | \(pairs.count) | \(dice.0) | \(dice.1) | \(hd95.0) | \(hd95.1) |")
        }
        return lines.joined(separator: "\n")
    }

    /// One line per strategy of `metric` (a name from `metrics`) against labelled count.
    public func curves(_ metric: String) -> [LearningCurve] {
        guard let column = Self.metrics.first(where: { $0.name == metric }) else { return [] }
        return strategies.map { strategy in
            LearningCurve(strategy: strategy, points: groups().filter { $0.strategy == strategy }.compactMap { group in
                let summary = MetricSummary(group.rows.map(column.value))
                return summary.mean.map {
                    LearningCurve.Point(labelled: group.labelled, mean: $0, standardDeviation: summary.standardDeviation ?? 0)
                }
            })
        }
    }

    /// Dice and HD95 learning curves as SVG documents, keyed by file stem.
    public func curveSVGs(title: String) throws -> [(name: String, svg: String)] {
        try [("Dice", "dice"), ("HD95", "hd95")].compactMap { metric, file in
            let curves = curves(metric).filter { !$0.points.isEmpty }
            guard !curves.isEmpty else { return nil }
            let label = metric == "Dice" ? "Dice" : "\(metric) (\(unit))"
            return (file, try LearningCurvePlot(title: "\(title): \(metric)", metric: label).svg(curves))
        }
    }

    static func format(_ summary: MetricSummary, signed: Bool = false) -> String {
        guard let mean = summary.mean else { return "n/a" }
        let value = String(format: signed ? "%+.3f" : "%.3f", mean)
        let spread = summary.standardDeviation.map { String(format: " ± %.3f", $0) } ?? ""
        return value + spread + (summary.missing > 0 ? " (\(summary.missing) n/a)" : "")
    }
}
