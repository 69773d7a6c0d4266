import Catalog
import Foundation
import PostgresNIO
import TestSupport
import XCTest

/// Skipping a pick: the annotators will not label it, so its round stops waiting for it.
final class SkipTests: XCTestCase {
    func testSkippingTheLastAwaitingPickStartsTraining() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try temporaryStore()
        try await withClient(url) { client, logger in
            let project = try await client.withCatalog(logger: logger) { catalog in
                let project = try await LungProject.create("skips", count: 6, configuration: LungProject.configuration(),
                                                           catalog: catalog, store: store)
                try await project.openRoundZero(picks: [0, 1, 2], coordinates: (0..<6).map { (Double($0), 0) }, catalog: catalog)
                try await project.label(0, catalog: catalog)
                return project
            }
            try await client.withCatalogTransaction(logger: logger) { try await $0.skipScan(project.scans[1], reason: "motion", by: "ann") }
            let awaiting = try await rows(client, "SELECT count(*)::bigint FROM jobs WHERE kind = 'train'", as: Int64.self)
            XCTAssertEqual(awaiting, [0], "pick 2 still waits for its label")
            let views = try await rows(client, """
                SELECT label_status FROM scan_status WHERE project = 'skips' AND picked_in_round = 0 ORDER BY label_status
                """, as: String.self)
            XCTAssertEqual(views, ["awaiting", "labelled", "skipped"])
            let current = try await rows(client, "SELECT count(*)::bigint FROM selection_current WHERE awaiting_label", as: Int64.self)
            XCTAssertEqual(current, [1])

            try await client.withCatalogTransaction(logger: logger) { try await $0.skipScan(project.scans[2], reason: "wrong anatomy", by: "ann") }
            // Skipping twice keeps the first record and changes nothing.
            try await client.withCatalogTransaction(logger: logger) { try await $0.skipScan(project.scans[2], reason: "again", by: "other") }
            let trainJobs = try await rows(client, "SELECT count(*)::bigint FROM jobs WHERE kind = 'train'", as: Int64.self)
            XCTAssertEqual(trainJobs, [1], "the round's last awaiting pick skipped: training starts")
            let state = try await rows(client, "SELECT state FROM rounds WHERE project_id = 'skips'", as: String.self)
            XCTAssertEqual(state, [RoundState.training.rawValue])
            let skip = try await client.withCatalog(logger: logger) { try await $0.skip(of: project.scans[2]) }
            XCTAssertEqual(skip?.reason, "wrong anatomy")
            XCTAssertEqual(skip?.skippedBy, "ann")

            do {
                try await client.withCatalog(logger: logger) { try await $0.skipScan(project.scans[4], reason: "x", by: "ann") }
                XCTFail("a scan never picked cannot be skipped")
            } catch let error as CatalogError {
                XCTAssertEqual(error, .notPicked(scan: project.scans[4].uuidString))
                XCTAssertTrue(error.description.contains("never picked"))
            }
        }
    }
}
