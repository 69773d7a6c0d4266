import ArgumentParser
import Catalog
import Foundation

struct ProjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "project", abstract: "Create and inspect projects.",
                                                    subcommands: [Create.self, Show.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a project (defaults follow the paper).")
        @Argument(help: "Project id: lower-case letters, digits, '-' and '_'.") var name: String
        @Option(help: "JSON file with configuration overrides; missing keys keep their defaults.") var config: String?
        @Flag(help: "Replace the configuration of an existing project.") var replace = false

        func run() async throws {
            let configuration = try config.map(Self.load) ?? ProjectConfiguration()
            let (name, replace) = (self.name, self.replace)
            try await CLIDatabase.with { client, logger in
                try await client.withCatalog(logger: logger) {
                    try await $0.createProject(name, configuration: configuration, replace: replace)
                }
            }
            print("project \(name): \(configuration.encoded())")
        }

        static func load(_ path: String) throws -> ProjectConfiguration {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("\(path): cannot read the configuration file")
            }
            return try ProjectConfiguration.decode(String(decoding: data, as: UTF8.self), source: path)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a project's configuration as JSON.")
        @Argument var name: String

        func run() async throws {
            let name = self.name
            let configuration = try await CLIDatabase.with { client, logger in
                try await client.withCatalog(logger: logger) { try await $0.configuration(of: name) }
            }
            print(configuration.encoded())
        }
    }
}
