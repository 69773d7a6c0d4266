import Catalog
import Foundation
import JobQueue
import Logging
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
            let scans = try await Self.projectOfThree("twice", client: client, logger: logger)
            func coldStart(_ picks: [UUID]) async throws {
                try await Self.coldStart("twice", picks: picks, mapOf: picks, client: client, logger: logger)
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

    /// A fuller copy of a scan's series replaces it only while nobody has used it: a picked scan stays as
    /// annotators saw it; an unused one takes the new content under the same id and is embedded again.
    func testAScanIsExtendedOnlyWhileUnused() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        try await withClient(url) { client, logger in
            let scans = try await Self.projectOfThree("grow", client: client, logger: logger)
            try await Self.coldStart("grow", picks: [scans[0]], mapOf: scans, client: client, logger: logger)
            func fuller(_ index: Int) -> NewScan {
                NewScan(projectID: "grow", modality: "CT", workingShape: [3, 4, 4], originalShape: [3, 4, 4],
                        spacing: [2, 1, 1], geometryJSON: "{}", sourceKind: "dicom-series", sourceRef: "dicom:s/\(index)",
                        instanceUIDs: ["1.2.\(index).1", "1.2.\(index).2", "1.2.\(index).3"], contentHash: "fuller-\(index)",
                        tensorPath: "t-fuller-\(index)", split: "pool")
            }
            do {
                try await client.withCatalogTransaction(logger: logger) { try await $0.extendScan(scans[0], with: fuller(0)) }
                XCTFail("a picked scan must not be replaced")
            } catch let error as CatalogError {
                XCTAssertEqual(error, .scanInUse(scan: scans[0].uuidString))
            }
            try await client.withCatalogTransaction(logger: logger) { try await $0.extendScan(scans[1], with: fuller(1)) }
            let (picked, extended) = try await client.withCatalog(logger: logger) { catalog in
                (try await catalog.scan(scans[0]), try await catalog.scan(scans[1]))
            }
            XCTAssertEqual(picked.workingShape, [4, 4], "the picked scan is unchanged")
            XCTAssertEqual(extended.workingShape, [3, 4, 4])
            XCTAssertEqual(extended.instanceUIDs.count, 3)
            let points = try await scalar(client, "SELECT count(*)::int FROM map_points WHERE scan_id = \(scans[1])", as: Int.self)
            XCTAssertEqual(points, 0, "its map point described the old content")
            let embeds = try await scalar(client, """
                SELECT count(*)::int FROM jobs WHERE kind = 'embed' AND payload->>'scan' = \(scans[1].uuidString)
                """, as: Int.self)
            XCTAssertEqual(embeds, 2, "embedded once as first ingested, once more with the new content")
        }
    }

    /// `scanselect coldstart --restart`: round 0 and its map are thrown away and a new cluster job is queued while
    /// the project has no label; once a label exists the restart is refused and round 0 stays as it was.
    func testARestartDiscardsAnUnlabelledRoundZeroAndIsRefusedOnceLabelsExist() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        try await withClient(url) { client, logger in
            let scans = try await Self.projectOfThree("again", client: client, logger: logger)
            func coldStart(_ picks: [UUID]) async throws {
                try await Self.coldStart("again", picks: picks, mapOf: scans, client: client, logger: logger)
            }
            func restart() async throws -> Int64 {
                try await client.withCatalogTransaction(logger: logger) {
                    try await $0.restartColdStart(project: "again", payload: ClusterPayload(budget: 2))
                }
            }
            do {
                _ = try await restart()
                XCTFail("nothing to restart before the first cold start")
            } catch let refusal as RestartRefusal {
                XCTAssertEqual(refusal, .noRoundZero(project: "again"))
            }
            try await coldStart([scans[0]])
            let job = try await restart()
            let queued = try await JobQueue(client: client, logger: logger).job(id: job)
            XCTAssertEqual(queued?.kind, ClusterPayload.kind)
            XCTAssertEqual(queued?.state, .queued)
            let state = try await client.withCatalog(logger: logger) { try await $0.roundState(project: "again", round: 0) }
            XCTAssertNil(state, "round 0 is gone")
            let runs = try await scalar(client, "SELECT count(*)::int FROM cluster_runs WHERE project_id = 'again'", as: Int.self)
            XCTAssertEqual(runs, 0, "its map went with it")

            try await coldStart([scans[1], scans[2]])
            _ = try await client.withCatalogTransaction(logger: logger) {
                try await $0.insertLabel(scan: scans[1], tensorPath: "mask", originalTensorPath: nil, sourceRef: "mask.png")
            }
            do {
                _ = try await restart()
                XCTFail("a labelled project must not restart")
            } catch let refusal as RestartRefusal {
                XCTAssertEqual(refusal, .hasLabels(project: "again", labels: 1))
            }
            let picks = try await client.withCatalog(logger: logger) { try await $0.selections(project: "again", round: 0) }
            XCTAssertEqual(picks.map(\.scan.id), [scans[1], scans[2]])
        }
    }

    /// A project with three pool scans (no pixels needed: nothing here reads them).
    static func projectOfThree(_ project: String, client: PostgresClient, logger: Logger) async throws -> [UUID] {
        try await client.withCatalogTransaction(logger: logger) { catalog in
            try await catalog.createProject(project, configuration: ProjectConfiguration())
            var ids: [UUID] = []
            for index in 0..<3 {
                ids.append(try await catalog.insertScan(NewScan(
                    projectID: project, modality: "OT", workingShape: [4, 4], originalShape: [4, 4], spacing: nil,
                    geometryJSON: "{}", sourceKind: "file", sourceRef: "scan-\(index)", contentHash: "hash-\(index)",
                    tensorPath: "t-\(index)", split: "pool")).id)
            }
            return ids
        }
    }

    /// Records a cold start as the clustering-service would: a map of `mapOf`, `picks` as round 0.
    static func coldStart(_ project: String, picks: [UUID], mapOf scans: [UUID], client: PostgresClient,
                                  logger: Logger) async throws {
        try await client.withCatalogTransaction(logger: logger) { catalog in
            try await catalog.recordColdStart(
                project: project,
                run: ClusterRun(encoder: "test", weightsChecksum: "none", space: "map", k: 1, silhouetteCurveJSON: "[]",
                                points: scans.map { MapPoint(scanID: $0, x: 0, y: 0, cluster: 0) }),
                strategy: "paper", picks: picks.map { SelectionEntry(scanID: $0, score: nil, reason: "test", cluster: 0) })
        }
    }
}
