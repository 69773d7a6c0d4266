import Catalog
import Foundation
import PostgresNIO
import TensorStore
import TestSupport
import XCTest

/// A scan that cannot be embedded must not hold the pool hostage: its dead embed job marks it failed with the
/// error, the cold start proceeds without it, and a view shows it.
final class FailedScanTests: XCTestCase {
    func testADeadEmbedJobFailsItsScanAndTheColdStartGoesOn() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try TensorStore(root: NSTemporaryDirectory() + "store-\(UUID().uuidString)")
        let project = "broken"
        var configuration = ProjectConfiguration()
        configuration.coldStart.budget = 3
        configuration.coldStart.settleSeconds = 0
        let settings = configuration
        let broken = try await withClient(url) { client, logger in
            try await client.withCatalogTransaction(logger: logger) { catalog in
                try await catalog.createProject(project, configuration: settings)
                for index in 0..<12 {
                    try await catalog.insertScan(try ColdStartPipelineTests.syntheticScan(index: index, project: project, store: store))
                }
                // Its tensor is not in the store: every embed attempt fails.
                var missing = try ColdStartPipelineTests.syntheticScan(index: 12, project: project, store: store)
                missing.tensorPath = "ab/missing-tensor.safetensors"
                return try await catalog.insertScan(missing).id
            }
        }
        let environment = ["POLL_INTERVAL_MS": "100", "RETRY_BASE_MS": "10", "RETRY_MAX_MS": "20"]
        let services = try ["embedding-service", "clustering-service"].map {
            try ServiceProcess($0, database: url, store: store.root, environment: environment)
        }
        defer { for service in services { service.signal(SIGTERM) } }
        try await eventually(timeout: 120, "round 0 selected without the broken scan") {
            try await withClient(url) { client, _ in
                try await scalar(client, "SELECT count(*)::bigint FROM selection_current WHERE project = 'broken'",
                                 as: Int64.self) == 3
            }
        }
        try await withClient(url) { client, logger in
            let scan = try await client.withCatalog(logger: logger) { try await $0.scan(broken) }
            XCTAssertEqual(scan.state, .failed)
            let error = try await scalar(client, "SELECT last_error FROM scan_failures WHERE scan = \(broken)", as: String.self)
            XCTAssertFalse(error.isEmpty)
            let picked = try await client.withCatalog(logger: logger) { try await $0.selections(project: project, round: 0) }
            XCTAssertFalse(picked.contains { $0.scan.id == broken })
            let deadEmbeds = try await scalar(client, "SELECT count(*)::bigint FROM jobs WHERE kind = 'embed' AND state = 'dead'",
                                              as: Int64.self)
            XCTAssertEqual(deadEmbeds, 1)
        }
    }
}
