import Catalog
import Foundation
import Logging
import PostgresNIO
import Rounds
import TensorStore
import TestSupport
import XCTest

/// Scans that arrive after round 0's map was built must be scored, placed on the map (without moving the points
/// already there) and eligible for the next round under the default map-space strategy.
final class NewArrivalsTests: XCTestCase {
    func testLateScansAreScoredPlacedAndEligible() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try temporaryStore()
        try await withClient(url) { client, logger in
            // Two families in the embedding space: scans 0–2 and 3–5 on the map, 6 and 7 arrive later, one per family.
            let family = [0, 0, 0, 1, 1, 1, 0, 1]
            let project = try await Self.mapOfSix("late", family: family, client: client, logger: logger, store: store)
            let before = try await rows(client, "SELECT scan, x, y FROM embedding_map WHERE project = 'late' ORDER BY scan",
                                        as: (UUID, Double, Double).self)
            XCTAssertEqual(before.count, 6)
            try await withWorkers([TrainHandler(), ScoreHandler(), SelectHandler()], url: url, client: client, store: store,
                                  logger: logger) {
                try await eventually(timeout: 60, "round 1 opened") {
                    try await rows(client, "SELECT state FROM rounds WHERE project_id = 'late' AND number = 1",
                                   as: String.self) == [RoundState.open.rawValue]
                }
            }
            let late = [project.scans[6], project.scans[7]]
            let scored = try await rows(client, "SELECT scan_id FROM scores WHERE project_id = 'late' AND round = 0", as: UUID.self)
            XCTAssertTrue(Set(late).isSubset(of: Set(scored)), "late scans are scored")
            let map = try await rows(client, "SELECT scan, x, y, cluster, placed FROM embedding_map WHERE project = 'late'",
                                     as: (UUID, Double, Double, Int, Bool).self)
            XCTAssertEqual(map.count, 8)
            for (scan, x, y, _, placed) in map {
                if let original = before.first(where: { $0.0 == scan }) {
                    XCTAssertFalse(placed)
                    XCTAssertEqual([x, y], [original.1, original.2], "points already on the map do not move")
                } else {
                    XCTAssertTrue(placed)
                    let index = try XCTUnwrap(project.scans.firstIndex(of: scan))
                    // Each lands among its own family's points.
                    XCTAssertEqual(x > 5, family[index] == 1, "scan \(index) at (\(x), \(y))")
                }
            }
            let picks = try await client.withCatalog(logger: logger) { try await $0.selections(project: "late", round: 1) }
            XCTAssertTrue(Set(late).isSubset(of: Set(picks.map(\.scan.id))), "late scans are eligible: \(picks.map(\.reason))")
        }
    }

    /// Once the pool has grown by `coldStart.mapRebuildGrowth` (default one half) of the scans the map was built
    /// from, scoring lays the whole pool out and clusters it again: a new map with every scan, round 0's picks
    /// and reasons untouched (they keep their own map), the late scans eligible.
    func testAPoolThatGrewByHalfGetsItsMapRebuiltAndKeepsItsPicks() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try temporaryStore()
        try await withClient(url) { client, logger in
            XCTAssertEqual(ProjectConfiguration().coldStart.mapRebuildGrowth, 0.5)
            // Six scans on the first map, four more (two thirds of six) arrive later.
            let project = try await Self.mapOfSix("grown", family: [0, 0, 0, 1, 1, 1, 0, 1, 0, 1], client: client, logger: logger,
                                                  store: store)
            let roundZero = try await client.withCatalog(logger: logger) { try await $0.selections(project: "grown", round: 0) }
            let firstRun = try await rows(client, "SELECT cluster_run_id FROM rounds WHERE project_id = 'grown' AND number = 0",
                                          as: Int64.self)
            try await withWorkers([TrainHandler(), ScoreHandler(), SelectHandler()], url: url, client: client, store: store,
                                  logger: logger) {
                try await eventually(timeout: 60, "round 1 opened") {
                    try await rows(client, "SELECT state FROM rounds WHERE project_id = 'grown' AND number = 1",
                                   as: String.self) == [RoundState.open.rawValue]
                }
            }
            let map = try await rows(client, "SELECT scan, cluster_run, placed FROM embedding_map WHERE project = 'grown'",
                                     as: (UUID, Int64, Bool).self)
            XCTAssertEqual(Set(map.map(\.0)), Set(project.scans), "the rebuilt map holds the whole pool")
            XCTAssertTrue(map.allSatisfy { !$0.2 }, "every point was laid out, none placed")
            XCTAssertTrue(map.allSatisfy { [$0.1] != firstRun }, "a new run, not the first map rewritten")
            let firstMap = try await rows(client, "SELECT count(*)::bigint FROM map_points WHERE cluster_run_id = \(firstRun[0])",
                                          as: Int64.self)
            XCTAssertEqual(firstMap, [6], "round 0's map stays as it was")
            let after = try await client.withCatalog(logger: logger) { try await $0.selections(project: "grown", round: 0) }
            XCTAssertEqual(after.map(\.scan.id), roundZero.map(\.scan.id))
            XCTAssertEqual(after.map(\.reason), roundZero.map(\.reason))
            XCTAssertEqual(after.map(\.cluster), roundZero.map(\.cluster))
            let late = Array(project.scans[6...])
            let picks = try await client.withCatalog(logger: logger) { try await $0.selections(project: "grown", round: 1) }
            XCTAssertFalse(Set(late).isDisjoint(with: Set(picks.map(\.scan.id))), "late scans are eligible: \(picks.map(\.reason))")
        }
    }

    /// A project whose first six scans are on round 0's map (three labelled), the rest arriving later; each scan's
    /// embedding puts it in its `family`.
    private static func mapOfSix(_ name: String, family: [Int], client: PostgresClient, logger: Logger,
                                 store: TensorStore) async throws -> LungProject {
        var configuration = LungProject.configuration(epochs: 1, strategy: .entropyDiversity, batch: 5)
        configuration.activeLearning.maxRounds = 1
        let settings = configuration
        return try await client.withCatalog(logger: logger) { catalog in
            let project = try await LungProject.create(name, count: family.count, configuration: settings, catalog: catalog,
                                                       store: store)
            try await project.openRoundZero(picks: [0, 3, 4], coordinates: [(0, 0), (1, 0), (0, 1), (10, 10), (11, 10), (10, 11)],
                                            catalog: catalog)
            for (index, scan) in project.scans.enumerated() {
                let vector: [Float] = family[index] == 0 ? [1, 0.05 * Float(index), 0] : [0, 0.05 * Float(index), 1]
                try await catalog.storeEmbedding(scan: scan, encoder: "test", weightsChecksum: "none", vector: vector)
            }
            for index in [0, 3, 4] { try await project.label(index, catalog: catalog) }
            return project
        }
    }
}
