import Foundation
import SegmentationMetrics

/// The active-learning summary of a results file with rounds: each seed's mean Dice over the rounds the
/// strategies chose (after the cold start), paired with random, and the labels each strategy needs to reach
/// random's Dice at random's largest labelled count and at half of it (`LabelsSaved`), seed by seed.
extension ExperimentReport {
    func activeLearningMarkdown() -> String? {
        let baseline = ExperimentPlan.baseline
        let randomRows = rows.filter { $0.strategy == baseline }
        guard Set(rows.map(\.labelled)).count > 2, let top = randomRows.map(\.labelled).max() else { return nil }
        let targets = [top / 2, top].filter { count in top / 2 > 0 && randomRows.contains { $0.labelled == count } }
        func curve(_ strategy: String, _ seed: UInt64) -> [LabelsSaved.Point] {
            rows.filter { $0.strategy == strategy && $0.seed == seed }
                .compactMap { row in row.dice.map { LabelsSaved.Point(labelled: row.labelled, dice: $0) } }
        }
        func meanOverRounds(_ strategy: String, _ seed: UInt64) -> Double? {
            let chosen = rows.filter { $0.strategy == strategy && $0.seed == seed && $0.round > 0 }.compactMap(\.dice)
            return chosen.isEmpty ? nil : chosen.reduce(0, +) / Double(chosen.count)
        }
        let seeds = Set(randomRows.map(\.seed)).sorted()
        let header = ["strategy", "seeds", "mean Dice over rounds", "Δ vs random", "ahead"]
            + targets.flatMap { ["labels to reach random's Dice at \($0)", "labels saved", "reached"] }
        var lines = ["## Active learning: mean over rounds and labels saved (paired by seed)", "",
                     "| " + header.joined(separator: " | ") + " |",
                     "|---|---:|---:|---:|---:|" + String(repeating: "---:|---:|---:|", count: targets.count)]
        for strategy in strategies {
            let paired = seeds.filter { !curve(strategy, $0).isEmpty }
            guard !paired.isEmpty else { continue }
            let means = paired.map { meanOverRounds(strategy, $0) }
            let deltas = paired.compactMap { seed in
                meanOverRounds(strategy, seed).flatMap { mine in meanOverRounds(baseline, seed).map { mine - $0 } }
            }
            var cells = [strategy, "\(paired.count)", Self.format(MetricSummary(means)),
                         strategy == baseline ? "—" : Self.format(MetricSummary(deltas), signed: true),
                         strategy == baseline ? "—" : "\(deltas.filter { $0 > 0 }.count)/\(deltas.count)"]
            for target in targets {
                let needed = paired.compactMap { seed -> Double?? in
                    guard let goal = curve(baseline, seed).first(where: { $0.labelled == target })?.dice else { return nil }
                    return .some(LabelsSaved.labelsToReach(goal, on: curve(strategy, seed)))
                }
                let reached = needed.compactMap { $0 }
                cells += [Self.formatLabels(MetricSummary(reached)),
                          Self.formatPercent(MetricSummary(reached.map { LabelsSaved.fraction(needed: $0, budget: target) })),
                          "\(reached.count)/\(needed.count)"]
            }
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        lines += ["", "Labels to reach: interpolated linearly between rounds on each seed's own curve, first crossing; "
                  + "random's own row shows how early its curve already reaches its final Dice (retraining noise). "
                  + "Seeds that never reach the target are left out of the mean and counted under \"reached\"."]
        return lines.joined(separator: "\n")
    }

    static func formatLabels(_ summary: MetricSummary) -> String {
        guard let mean = summary.mean else { return "n/a" }
        return String(format: "%.1f", mean) + (summary.standardDeviation.map { String(format: " ± %.1f", $0) } ?? "")
    }

    static func formatPercent(_ summary: MetricSummary) -> String {
        guard let mean = summary.mean else { return "n/a" }
        return String(format: "%.0f %%", 100 * mean) + (summary.standardDeviation.map { String(format: " ± %.0f", 100 * $0) } ?? "")
    }
}
