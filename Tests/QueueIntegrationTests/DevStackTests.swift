import Database
import Foundation
import PostgresNIO
import TestSupport
import XCTest

/// `scanselect dev up`: the DATABASE_URL it prints works as printed, and when the private PostgreSQL comes back
/// on a new port, a second `dev up` restarts the services on the new address instead of leaving them at 503.
final class DevStackTests: XCTestCase {
    func testDevUpPrintsAWorkingURLAndRestartsServicesWhenTheDatabaseMoves() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("devstack-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let cli = try TestPaths.executable("scanselect")
        // posix_spawn and waitpid rather than Foundation's Process: on Linux, Process learns that its child ended
        // when a descriptor the child inherited closes, and the services `dev up` leaves running inherit it too.
        // Output goes to a file for the same reason.
        @Sendable func scanselect(_ arguments: [String]) throws -> String {
            var environment = ProcessInfo.processInfo.environment
            environment["DATABASE_URL"] = nil
            environment["SCANSELECT_STORE"] = nil
            environment["SCANSELECT_SCHEMAS"] = TestPaths.repository + "/schemas"
            let output = directory + "/output-\(UUID().uuidString).txt"
            environment["SCANSELECT_TEST_OUTPUT"] = output
            let argv = ["/bin/sh", "-c", #"cd "$0" && exec "$@" > "$SCANSELECT_TEST_OUTPUT" 2>&1"#, directory, cli]
                + arguments
            let cArguments = argv.map { strdup($0) } + [nil]
            let cEnvironment = environment.map { strdup("\($0)=\($1)") } + [nil]
            defer { (cArguments + cEnvironment).forEach { free($0) } }
            var pid = pid_t()
            guard posix_spawn(&pid, "/bin/sh", nil, nil, cArguments, cEnvironment) == 0 else {
                throw CommandFailed(description: "cannot start scanselect")
            }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            guard status == 0 else {
                throw CommandFailed(description: "scanselect \(arguments.joined(separator: " ")) failed: \(text)")
            }
            return text
        }
        defer { _ = try? scanselect(["dev", "down"]) }
        func exported(_ output: String) throws -> String {
            let line = try XCTUnwrap(output.split(separator: "\n").first { $0.hasPrefix("export DATABASE_URL=") }, output)
            return String(line.dropFirst("export DATABASE_URL=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        }
        func healthPorts(_ output: String) -> [Int] {
            output.split(separator: "\n").compactMap { line in
                line.range(of: "http://127.0.0.1:").flatMap { Int(line[$0.upperBound...].prefix { $0.isNumber }) }
            }
        }
        @Sendable func allHealthy(_ ports: [Int]) -> Bool {
            ports.allSatisfy { (try? scanselect(["healthcheck", "--port", "\($0)"])) != nil }
        }

        let first = try scanselect(["dev", "up"])
        let firstURL = try exported(first)
        let ports = healthPorts(first)
        XCTAssertEqual(ports.count, 5, first)
        let answer = try await withClient(try DatabaseURL(parsing: firstURL)) { client, _ in
            try await scalar(client, "SELECT 1", as: Int32.self)
        }
        XCTAssertEqual(answer, 1, "the printed DATABASE_URL works as printed")
        try await eventually(timeout: 60, "the five services are healthy") { allHealthy(ports) }

        try LocalPostgres(directory: directory + "/.scanselect/pg").stop()
        let second = try scanselect(["dev", "up"])
        let secondURL = try exported(second)
        XCTAssertNotEqual(secondURL, firstURL, "the restarted private PostgreSQL listens on a new port")
        XCTAssertEqual(second.components(separatedBy: "restarted for the database's new address").count - 1, 5, second)
        let newPorts = healthPorts(second)
        try await eventually(timeout: 60, "the restarted services are healthy on the new address") { allHealthy(newPorts) }
    }
}

private struct CommandFailed: Error, CustomStringConvertible {
    let description: String
}
