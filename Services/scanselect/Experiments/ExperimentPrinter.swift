import Catalog
import Experiments
import Foundation

/// Prints an experiment's events: arm headers, each round's selection with its score components, each
/// round's test metrics with progress and time left, and heartbeats while the services work.
enum ExperimentPrinter {
    static func print(_ event: ExperimentEvent) {
        switch event {
        case let .armStarted(arm, index, total):
            Swift.print("\n== arm \(index)/\(total): \(arm.strategy), seed \(arm.seed) (project \(arm.projectID))")
        case let .stage(_, message):
            Swift.print("   … \(message)")
        case let .selected(_, round, picks):
            Swift.print("   round \(round) selection (\(picks.count) scans, labelled by the simulated annotator):")
            Swift.print(table(picks).split(separator: "\n").map { "     " + $0 }.joined(separator: "\n"))
        case let .evaluated(_, row, progress):
            Swift.print("   round \(row.round): \(line(row))  [\(progress.summary)]")
        case let .alreadyDone(_, row):
            Swift.print("   round \(row.round) (done earlier): \(line(row))")
        }
        // Progress must show while the command runs, even when stdout is a pipe or file.
        fflush(nil)
    }

    static func line(_ row: ResultRow) -> String {
        func metric(_ value: Double?, _ format: String) -> String { value.map { String(format: format, $0) } ?? "n/a" }
        return "\(row.labelled) labelled → test Dice \(metric(row.dice, "%.3f")), HD95 \(metric(row.hausdorff95, "%.2f")) \(row.unit)"
            + (row.undefinedDistances > 0 ? " (\(row.undefinedDistances) undefined)" : "")
            + String(format: " (trained in %.0f s, round took %.0f s)", row.trainSeconds, row.wallSeconds)
    }

    static func table(_ picks: [SelectedScan]) -> String {
        var table = Table("rank", "scan", "cluster", "score", "components", "reason")
        for pick in picks {
            table.add("\(pick.rank)", (pick.scan.sourceRef as NSString).lastPathComponent,
                      pick.cluster.map(String.init) ?? "-", pick.score.map { String(format: "%.3f", $0) } ?? "-",
                      components(pick.componentsJSON), pick.reason)
        }
        return table.render()
    }

    /// `{"distance":0.4,"entropy":0.1}` → `distance 0.400 entropy 0.100`; nulls are left out.
    static func components(_ json: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], !object.isEmpty else {
            return "-"
        }
        return object.keys.sorted().compactMap { key in
            (object[key] as? NSNumber).map { "\(key) \(String(format: "%.3f", $0.doubleValue))" }
        }.joined(separator: " ")
    }
}
