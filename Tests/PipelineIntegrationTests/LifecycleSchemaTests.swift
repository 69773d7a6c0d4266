import Catalog
import Foundation
import JobQueue
import PostgresNIO
import TestSupport
import XCTest

/// The schema's own lists of states must be the Swift enums': a state added on one side only would make either
/// the database or the code refuse a row the other accepts.
final class LifecycleSchemaTests: XCTestCase {
    func testEachStateCheckListsExactlyTheSwiftEnumsCases() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let expected: [(table: String, column: String, values: [String])] = [
            ("rounds", "state", RoundState.allCases.map(\.rawValue)),
            ("jobs", "state", JobState.allCases.map(\.rawValue)),
            ("job_attempts", "outcome", AttemptOutcome.allCases.map(\.rawValue)),
            ("scans", "state", ScanState.allCases.map(\.rawValue)),
        ]
        for (table, column, values) in expected {
            let definition = try await withClient(url) { client, _ in
                try await scalar(client, """
                    SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                    WHERE t.relname = \(table) AND c.contype = 'c' AND pg_get_constraintdef(c.oid) LIKE '%' || \(column) || '%'
                    """, as: String.self)
            }
            let quoted = try NSRegularExpression(pattern: "'([a-z_]+)'")
            let range = NSRange(definition.startIndex..., in: definition)
            let listed = quoted.matches(in: definition, range: range).compactMap { match in
                Range(match.range(at: 1), in: definition).map { String(definition[$0]) }
            }
            XCTAssertEqual(Set(listed), Set(values), "\(table).\(column): \(definition)")
        }
    }

    func testASecondColdStartIsRefusedAndKeepsRoundZero() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        try await withClient(url) { client, logger in
            try await client.withCatalogTransaction(logger: logger) { catalog in
                try await catalog.createProject("twice", configuration: ProjectConfiguration())
            }
            let scans = try await client.withCatalogTransaction(logger: logger) { catalog in
                var ids: [UUID] = []
                for index in 0..<3 {
                    ids.append(try await catalog.insertScan(NewScan(
                        projectID: "twice", modality: "OT", workingShape: [4, 4], originalShape: [4, 4], spacing: nil,
                        geometryJSON: "{}", sourceKind: "file", sourceRef: "scan-\(index)", contentHash: "hash-\(index)",
                        tensorPath: "t-\(index)", split: "pool")).id)
                }
                return ids
            }
            func coldStart(_ picks: [UUID]) async throws {
                try await client.withCatalogTransaction(logger: logger) { catalog in
                    try await catalog.recordColdStart(
                        project: "twice",
                        run: ClusterRun(encoder: "test", weightsChecksum: "none", space: "map", k: 1, silhouetteCurveJSON: "[]",
                                        points: picks.map { MapPoint(scanID: $0, x: 0, y: 0, cluster: 0) }),
                        strategy: "paper", picks: picks.map { SelectionEntry(scanID: $0, score: nil, reason: "test", cluster: 0) })
                }
            }
            try await coldStart([scans[0]])
            do {
                try await coldStart([scans[1], scans[2]])
                XCTFail("a second cold start must be refused")
            } catch let refusal as RoundRefusal {
                XCTAssertEqual(refusal.reason, .alreadyExists)
            }
            let picks = try await client.withCatalog(logger: logger) { try await $0.selections(project: "twice", round: 0) }
            XCTAssertEqual(picks.map(\.scan.id), [scans[0]])
            let runs = try await scalar(client, "SELECT count(*)::int FROM cluster_runs WHERE project_id = 'twice'", as: Int.self)
            XCTAssertEqual(runs, 1, "the refused cold start's map rolled back with it")
        }
    }
}
