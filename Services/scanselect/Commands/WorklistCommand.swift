import ArgumentParser
import Foundation
import TensorStore
import Worklist

/// Worklist folders: a round's picks as files for annotators without a PACS viewer, and their masks back as labels.
struct WorklistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worklist", abstract: "Write a round's picks as a folder for annotators, or collect the masks saved into it.",
        subcommands: [Make.self, Collect.self], defaultSubcommand: Make.self)

    struct Make: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each pick as PNG (images) or NIfTI (volumes) with the model's prediction beside it, picks.csv and a README.")
        @Argument(help: "The project.") var project: String
        @Option(help: "The round (default: the newest with picks).") var round: Int?
        @Option(help: "Folder to write into (created if missing).") var out: String

        func run() async throws {
            let (project, round, out) = (self.project, self.round, self.out)
            let store = try TensorStore(root: DevStack().storeRoot)
            let manifest = try await CLIDatabase.with { client, logger in
                try await WorklistWriter(client: client, store: store, logger: logger).write(project: project, round: round, to: out)
            }
            let predicted = manifest.picks.filter { $0.preAnnotation != nil }.count
            print("wrote \(manifest.picks.count) picks of round \(manifest.round) to \(out) (\(predicted) with the model's prediction); "
                  + "masks saved into \(out)/labels/ are imported by `scanselect worklist collect \(out)`")
        }
    }

    struct Collect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import the masks saved into a worklist's labels/ folder.")
        @Argument(help: "The worklist folder.") var directory: String

        func run() async throws {
            let directory = self.directory
            let store = try TensorStore(root: DevStack().storeRoot)
            let outcome = try await CLIDatabase.with { client, logger in
                try await WorklistCollector(client: client, store: store, logger: logger).collect(directory)
            }
            for name in outcome.imported { print("imported \(name)") }
            for (name, reason) in outcome.refused.sorted(by: { $0.key < $1.key }) { print("REFUSED \(name): \(reason)") }
            print("\(outcome.imported.count) imported, \(outcome.unchanged.count) unchanged since the last collect, "
                  + "\(outcome.refused.count) refused")
            guard outcome.refused.isEmpty else { throw ExitCode.failure }
        }
    }
}
