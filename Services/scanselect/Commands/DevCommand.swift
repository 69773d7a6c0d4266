import ArgumentParser
import Database
import Foundation
import JobQueue

/// The embedded default: a private PostgreSQL under ./.scanselect, a local tensor store, and the five
/// services as child processes.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev", abstract: "Run the whole stack locally.",
        subcommands: [Up.self, Down.self, Smoke.self])

    static let services = ["ingest-service", "embedding-service", "clustering-service", "trainer-service",
                           "selector-service"]

    struct Up: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the private database (unless DATABASE_URL is set) and the five services.")
        @Option(help: "Worker loops per service.") var concurrency = 1

        func run() async throws {
            let stack = DevStack()
            let url = try stack.databaseURL()
            try await CLIDatabase.with(url: url) { _, _ in }
            let started = try stack.startServices(databaseURL: url, concurrency: concurrency)
            print("database: \(url.host):\(url.port)/\(url.database)")
            // Ready to paste: the URL the services were given, socket directory and all.
            print("export DATABASE_URL='\(url.string)'")
            print("store:    \(stack.storeRoot)")
            for (service, pid, port) in started {
                print("\(service.padding(toLength: 20, withPad: " ", startingAt: 0)) pid \(pid)  http://127.0.0.1:\(port)/healthz")
            }
            print("logs:     \(stack.directory)/logs/")
        }
    }

    struct Down: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the services (SIGTERM, then SIGKILL after the grace period) and the private database.")

        func run() async throws {
            let stack = DevStack()
            for line in stack.stopServices() { print(line) }
            try stack.stopDatabase()
            print("stopped")
        }
    }

    struct Smoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a smoke job through every service and wait for each to complete it.")
        @Option(help: "Seconds to wait.") var timeout = 60.0

        func run() async throws {
            let timeout = self.timeout
            let results = try await CLIDatabase.with { client, logger in
                let queue = JobQueue(client: client, logger: logger)
                let nonce = UUID().uuidString
                var ids: [(String, Int64)] = []
                for service in DevCommand.services {
                    ids.append((service, try await queue.enqueue(NewJob(kind: SmokeJob.kind(for: service),
                                                                        idempotencyKey: "smoke-\(service)-\(nonce)"))))
                }
                let deadline = Date().addingTimeInterval(timeout)
                var done: [(String, String)] = []
                for (service, id) in ids {
                    let job = try await queue.wait(for: id, seconds: max(0, deadline.timeIntervalSinceNow))
                    if let job, job.state == .done {
                        done.append((service, job.result ?? ""))
                    } else {
                        done.append((service, "TIMED OUT (is \(service) running? see .scanselect/logs)"))
                    }
                }
                return done
            }
            for (service, result) in results { print("\(service.padding(toLength: 20, withPad: " ", startingAt: 0)) \(result)") }
            if results.contains(where: { $0.1.hasPrefix("TIMED OUT") }) { throw ExitCode.failure }
        }
    }
}
