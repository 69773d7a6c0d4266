import ArgumentParser
import Catalog

struct RoundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "round", abstract: "Manage active-learning rounds.",
                                                    subcommands: [Close.self])

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close the open round now (even with labels missing) and start its training.")
        @Argument(help: "The project.") var project: String

        func run() async throws {
            let project = self.project
            let (round, awaiting) = try await CLIDatabase.with { client, logger in
                try await client.withCatalogTransaction(logger: logger) { catalog in
                    _ = try await catalog.configuration(of: project)
                    guard let round = try await catalog.openRound(project: project) else {
                        throw ValidationError(
                            "project '\(project)' has no open round to close; `scanselect status` shows where its rounds stand")
                    }
                    let awaiting = try await catalog.selections(project: project, round: round).filter(\.awaitingLabel).count
                    try await catalog.closeRound(project: project, round: round)
                    return (round, awaiting)
                }
            }
            print("round \(round) of '\(project)' closed; training enqueued"
                  + (awaiting > 0 ? " (\(awaiting) picked scan(s) without a label are left out)" : ""))
        }
    }
}
