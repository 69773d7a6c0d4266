import ArgumentParser
import Database

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending schema migrations.")

    func run() async throws {
        let applied = try await CLIDatabase.with(migrate: false) { client, logger in
            try await Migrator(client: client, logger: logger, migrations: Migrator.loadMigrations()).migrate()
        }
        print(applied.isEmpty ? "schema is up to date" : "applied: \(applied.joined(separator: ", "))")
    }
}
