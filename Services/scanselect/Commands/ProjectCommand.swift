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
            var configuration = ProjectConfiguration()
            if let config {
                guard let data = FileManager.default.contents(atPath: config) else {
                    throw ValidationError("\(config): cannot read the configuration file")
                }
                configuration = try ProjectConfiguration.decode(String(decoding: data, as: UTF8.self), source: config)
            }
            let (name, replace) = (self.name, self.replace)
            try await CLIDatabase.with { client, logger in
                try await client.withCatalog(logger: logger) {
                    try await $0.createProject(name, configuration: configuration, replace: replace)
                }
            }
            print("project \(name): \(configuration.encoded())")
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
