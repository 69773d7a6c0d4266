import Catalog
import Database
import Foundation
import JobQueue
import PostgresNIO
import SafeTensors
import TensorStore
import TestSupport
import XCTest

/// The cold-start half of the pipeline through the real service binaries: three embedding-service replicas
/// drain one pool, then the clustering-service records round 0 by itself.
final class ColdStartPipelineTests: XCTestCase {
    func testThreeEmbeddingReplicasThenClusteringRecordRoundZero() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try TensorStore(root: NSTemporaryDirectory() + "store-\(UUID().uuidString)")
        let project = "cold"
        let configuration = {
            var configuration = ProjectConfiguration()
            configuration.coldStart.budget = 6
            configuration.coldStart.kMax = 6
            configuration.coldStart.settleSeconds = 0
            return configuration
        }()
        let scanCount = 45
        try await withClient(url) { client, logger in
            try await client.withCatalogTransaction(logger: logger) { catalog in
                try await catalog.createProject(project, configuration: configuration)
                for index in 0..<scanCount {
                    try await catalog.insertScan(try Self.syntheticScan(index: index, project: project, store: store))
                }
            }
        }
        let environment = ["POLL_INTERVAL_MS": "100"]
        let embedders = try (0..<3).map { _ in
            try ServiceProcess("embedding-service", database: url, store: store.root, environment: environment)
        }
        let clustering = try ServiceProcess("clustering-service", database: url, store: store.root, environment: environment)

        try await eventually(timeout: 120, "round 0 selected") {
            try await withClient(url) { client, _ in
                try await scalar(client, "SELECT count(*)::bigint FROM selection_current WHERE project = 'cold'",
                                 as: Int64.self) == 6
            }
        }
        for process in embedders + [clustering] { process.signal(SIGTERM) }

        try await withClient(url) { client, logger in
            let completions = try await scalar(client, """
                SELECT count(*)::bigint FROM job_attempts a JOIN jobs j ON j.id = a.job_id
                WHERE j.kind = 'embed' AND a.outcome = 'completed'
                """, as: Int64.self)
            let embedded = try await scalar(client, "SELECT count(*)::bigint FROM embeddings", as: Int64.self)
            let workers = try await scalar(client, """
                SELECT count(DISTINCT split_part(a.worker, '-', 2))::bigint FROM job_attempts a JOIN jobs j ON j.id = a.job_id
                WHERE j.kind = 'embed'
                """, as: Int64.self)
            XCTAssertEqual(completions, Int64(scanCount), "every scan embedded exactly once")
            XCTAssertEqual(embedded, Int64(scanCount))
            XCTAssertGreaterThanOrEqual(workers, 2, "the replicas share the pool")

            let points = try await scalar(client, "SELECT count(*)::bigint FROM embedding_map WHERE project = 'cold'",
                                          as: Int64.self)
            XCTAssertEqual(points, Int64(scanCount))
            let k = try await scalar(client, "SELECT k FROM cluster_runs WHERE project_id = 'cold'", as: Int.self)
            let selected = try await client.withCatalog(logger: logger) { try await $0.selections(project: project, round: 0) }
            XCTAssertEqual(Set(selected.map(\.scan.id)).count, 6, "no scan picked twice")
            XCTAssertTrue(selected.allSatisfy { !$0.reason.isEmpty })
            // Budget ≥ k: every cluster has its medoid among the picks.
            if k <= 6 {
                let medoidClusters = Set(selected.filter { $0.reason.contains("medoid") }.compactMap(\.cluster))
                XCTAssertEqual(medoidClusters, Set(0..<k), selected.map(\.reason).joined(separator: "; "))
            }
            let state = try await scalar(client, "SELECT state FROM rounds WHERE project_id = 'cold' AND number = 0",
                                         as: String.self)
            XCTAssertEqual(state, RoundState.open.rawValue)
        }
    }

    /// Three visibly different families of 64×64 images, so that the pool has structure to find.
    static func syntheticScan(index: Int, project: String, store: TensorStore) throws -> NewScan {
        let side = 64
        let family = index % 3
        var pixels = [Float](repeating: 0, count: side * side)
        for y in 0..<side {
            for x in 0..<side {
                let u = Double(x) / Double(side), v = Double(y) / Double(side)
                let wobble = 0.05 * sin(Double(index) * 1.7)
                let value: Double = switch family {
                case 0: exp(-((u - 0.5 - wobble) * (u - 0.5 - wobble) + (v - 0.5) * (v - 0.5)) * 20)
                case 1: (sin((u + wobble) * 25) + 1) / 2
                default: v > 0.5 + wobble ? 0.9 : 0.1
                }
                pixels[y * side + x] = Float(value)
            }
        }
        var writer = SafeTensorsWriter()
        writer.add(ScanTensorKey.image, floats: pixels, shape: [side, side])
        let path = try store.put(writer)
        return NewScan(projectID: project, modality: "OT", workingShape: [side, side], originalShape: [side, side],
                       spacing: nil, geometryJSON: "{}", sourceKind: "test", sourceRef: "synthetic-\(index).png",
                       contentHash: "synthetic-\(index)", tensorPath: path)
    }
}
