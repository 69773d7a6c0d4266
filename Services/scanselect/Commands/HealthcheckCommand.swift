import ArgumentParser
import Foundation
import Ingest

/// A container's health check: asks the service in the same container for `/healthz`. A subcommand rather than a
/// shell line because compose tools disagree on how they run a health-check command (podman-compose hands every
/// one to `/bin/sh -c`, dash, where a `/dev/tcp` redirect does not exist); two plain words survive all of them.
struct HealthcheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Exit 0 when the service on this host answers /healthz with 200 (its database is reachable).")

    @Option(help: "Port of the service's HTTP endpoint (default: HTTP_PORT, else 8080).") var port: Int?
    @Option(help: "Seconds to wait for the answer.") var timeout = 5.0

    func run() async throws {
        let port = self.port ?? ProcessInfo.processInfo.environment["HTTP_PORT"].flatMap(Int.init) ?? 8080
        guard let url = URL(string: "http://127.0.0.1:\(port)/healthz") else {
            throw ValidationError("port \(port) does not make a URL")
        }
        let answer: HTTPExchange
        do {
            answer = try await HTTPExchange.send(url, timeout: timeout)
        } catch {
            print("unhealthy: no answer from \(url): \(error)")
            throw ExitCode.failure
        }
        let body = String(decoding: answer.body, as: UTF8.self)
        guard answer.status == 200 else {
            print("unhealthy: \(url) answered \(answer.status) \(body)")
            throw ExitCode.failure
        }
        print("healthy: \(body)")
    }
}
