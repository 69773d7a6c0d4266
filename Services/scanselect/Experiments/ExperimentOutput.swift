import ArgumentParser
import Experiments
import Foundation

/// An experiment's output folder: the plan it ran (a rerun must match it), the results CSV, the Markdown
/// report and the learning-curve SVGs.
struct ExperimentOutput {
    let directory: String
    var results: ResultsFile { ResultsFile(path: directory + "/results.csv") }
    var planPath: String { directory + "/plan.json" }

    /// Takes the folder for this process (two runs of one experiment would label and append twice) and
    /// records the plan, or checks it against the one a previous run recorded. The lock lasts until exit.
    func claim(_ plan: ExperimentPlan) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let descriptor = open(directory + "/.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            throw ValidationError("another run of this experiment is using \(directory); wait for it or stop it first")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(plan)
        if let previous = FileManager.default.contents(atPath: planPath) {
            guard (try? JSONDecoder().decode(ExperimentPlan.self, from: previous)) == plan else {
                throw ValidationError("\(directory) holds an experiment with a different plan (\(planPath)): "
                                      + "choose another --out and --name, or rerun with the same options to resume")
            }
            return
        }
        try data.write(to: URL(fileURLWithPath: planPath))
    }

    /// Writes report.md and the learning curves; returns the files written.
    func writeReport(_ rows: [ResultRow], title: String) throws -> [String] {
        let report = ExperimentReport(rows)
        var written = [directory + "/report.md"]
        try report.markdown(title: title).write(toFile: written[0], atomically: true, encoding: .utf8)
        for (name, svg) in try report.curveSVGs(title: title) {
            let path = directory + "/\(name).svg"
            try svg.write(toFile: path, atomically: true, encoding: .utf8)
            written.append(path)
        }
        return written
    }
}
