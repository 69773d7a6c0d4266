import Catalog
import Foundation
import PostgresNIO
import TensorStore
import TestSupport
import XCTest

/// A PACS pushes a study in trickles. The automatic cold start must wait until the pool is large enough and
/// has been quiet for the settle period, and then cover every scan that arrived, not just the first few.
final class TrickleColdStartTests: XCTestCase {
    func testRoundZeroWaitsForASettledPoolAndCoversEveryTrickle() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try TensorStore(root: NSTemporaryDirectory() + "store-\(UUID().uuidString)")
        let project = "trickle"
        var configuration = ProjectConfiguration()
        configuration.coldStart.budget = 2
        configuration.coldStart.minimumPool = 8
        configuration.coldStart.settleSeconds = 6
        let settings = configuration
        try await withClient(url) { client, logger in
            try await client.withCatalogTransaction(logger: logger) { try await $0.createProject(project, configuration: settings) }
        }
        var next = 0
        func push(_ count: Int) async throws {
            let first = next
            next += count
            try await withClient(url) { client, logger in
                try await client.withCatalogTransaction(logger: logger) { catalog in
                    for index in first..<(first + count) {
                        try await catalog.insertScan(try ColdStartPipelineTests.syntheticScan(index: index, project: project, store: store))
                    }
                }
            }
        }
        func readiness() async throws -> ColdStartReadiness {
            try await withClient(url) { client, logger in
                try await client.withCatalog(logger: logger) { try await $0.coldStartReadiness(project: project).0 }
            }
        }
        @Sendable func allEmbedded() async throws -> Bool {
            try await withClient(url) { client, _ in
                try await scalar(client, "SELECT count(*)::bigint FROM scans WHERE project_id = 'trickle' AND state = 'ingested'",
                                 as: Int64.self) == 0
            }
        }
        let environment = ["POLL_INTERVAL_MS": "100"]
        let services = try ["embedding-service", "clustering-service"].map {
            try ServiceProcess($0, database: url, store: store.root, environment: environment)
        }
        defer { for service in services { service.signal(SIGTERM) } }

        // First trickle: too small, however long it stays quiet.
        try await push(5)
        try await eventually(timeout: 60, "first trickle embedded") { try await allEmbedded() }
        try await Task.sleep(for: .seconds(7))
        let waiting = try await readiness()
        XCTAssertEqual(waiting, .tooSmall(pool: 5, minimum: 8))

        // Second trickle makes the pool large enough; the third arrives within the settle period.
        try await push(5)
        try await eventually(timeout: 60, "second trickle embedded") { try await allEmbedded() }
        let settling = try await readiness()
        guard case .settling = settling else { return XCTFail("a fresh pool must settle first, not be \(settling)") }
        try await Task.sleep(for: .seconds(1))
        try await push(5)
        let thirdArrived = Date()
        try await eventually(timeout: 60, "third trickle embedded") { try await allEmbedded() }

        try await eventually(timeout: 60, "round 0 selected") {
            try await withClient(url) { client, _ in
                try await scalar(client, "SELECT count(*)::bigint FROM selection_current WHERE project = 'trickle'",
                                 as: Int64.self) == 2
            }
        }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(thirdArrived), 6, "round 0 waited for the quiet period")
        try await withClient(url) { client, _ in
            let mapped = try await scalar(client, "SELECT count(*)::bigint FROM embedding_map WHERE project = 'trickle'",
                                          as: Int64.self)
            XCTAssertEqual(mapped, 15, "every trickle is on the map round 0 was picked from")
            let runs = try await scalar(client, "SELECT count(*)::bigint FROM cluster_runs WHERE project_id = 'trickle'",
                                        as: Int64.self)
            XCTAssertEqual(runs, 1, "the check for the smaller pool stood down")
        }
        let started = try await readiness()
        XCTAssertEqual(started, .started(.open))
    }
}
