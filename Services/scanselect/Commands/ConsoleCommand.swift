import ArgumentParser
import Console
import Foundation
import TensorStore

/// The web console: projects, each project's rounds, learning curve, pool and queue, the map, the batch and every
/// scan, served until interrupted. Read-only unless a console token is configured.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Serve the web console (read-only; set CONSOLE_TOKEN to allow skipping picks and retrying jobs).")

    @Option(help: "Address to listen on (0.0.0.0 in a container).") var host = "127.0.0.1"
    @Option(help: "Port (0: any free port, printed).") var port = 8090

    func run() async throws {
        try await Self.serve(host: host, port: port)
    }

    static func serve(host: String, port: Int) async throws {
        let configuration = try ConsoleConfiguration.fromEnvironment(ProcessInfo.processInfo.environment, host: host, port: port)
        let store = try TensorStore(root: DevStack().storeRoot)
        let mode = configuration.token == nil ? "read-only" : "actions after login with the console token"
        // PostgreSQL's JIT compiles the counting queries of a 20,000-scan project for half a second and then runs
        // them in milliseconds: never worth it for a page, so the console's connections start without it.
        try await CLIDatabase.with(settings: [("jit", "off")]) { client, logger in
            try await ConsoleServer(configuration: configuration, client: client, store: store, logger: logger).run { bound in
                let shown = host == "0.0.0.0" ? "localhost" : host
                print("console: http://\(shown):\(bound)/ (\(mode)); Ctrl-C stops it")
                fflush(nil)
            }
        }
    }
}
