import Database
import Foundation
import TestFixtures
import TestSupport
import XCTest

/// `scanselect dev up`: the DATABASE_URL it prints works as printed, and when the private PostgreSQL comes back
/// on a new port, a second `dev up` restarts the services on the new address instead of leaving them at 503.
final class DevStackTests: XCTestCase {
    func testDevUpPrintsAWorkingURLAndRestartsServicesWhenTheDatabaseMoves() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("devstack-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let cli = try TestPaths.executable("scanselect")
        @Sendable func scanselect(_ arguments: [String]) throws -> String {
            var environment = ProcessInfo.processInfo.environment
            environment["DATABASE_URL"] = nil
            environment["SCANSELECT_STORE"] = nil
            environment["SCANSELECT_SCHEMAS"] = TestPaths.repository + "/schemas"
            return try Python.run("/usr/bin/env", ["-i", "-C", directory] + environment.map { "\($0)=\($1)" }.sorted()
                                                 + [cli] + arguments)
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
        func allHealthy(_ ports: [Int]) -> Bool {
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
