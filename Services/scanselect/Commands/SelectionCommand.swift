import ArgumentParser
import Catalog

struct SelectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "selection", abstract: "Show a project's selections with their reasons.")
    @Argument(help: "The project.") var project: String
    @Option(help: "Only this round.") var round: Int?

    func run() async throws {
        let (project, round) = (self.project, self.round)
        let selected = try await CLIDatabase.with { client, logger in
            try await client.withCatalog(logger: logger) { try await $0.selections(project: project, round: round) }
        }
        print(SelectionTable.render(selected).joined(separator: "\n"))
    }
}
