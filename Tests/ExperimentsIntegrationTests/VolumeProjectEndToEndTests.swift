import Catalog
import Database
import Experiments
import Foundation
import Imaging
import PostgresNIO
import SegmentationMetrics
import TensorStore
import TestFixtures
import TestSupport
import XCTest

/// A small volume project end to end through the real service binaries, on real MRI (hippocampus-mr): NIfTI
/// volumes and NIfTI masks in, cold start, round 0 trained, the pool scored and round 1 selected; then round 0's
/// model's pre-annotations of round 1's picks, mapped back to each file's own grid, are scored against the
/// radiologists' masks on that grid in millimetres.
final class VolumeProjectEndToEndTests: XCTestCase {
    func testHippocampusVolumesRunThroughTheServicesAndPredictionsMapBackToTheirGrids() async throws {
        try await runProject(dimensions: 2)
    }

    /// The same with the 3-D U-Net: patches of 16 slices, sliding-window inference.
    func testThe3DNetworkRunsThroughTheServicesToo() async throws {
        try await runProject(dimensions: 3)
    }

    private func runProject(dimensions: Int) async throws {
        let data = try SharedData.path("data/hippocampus-mr")
        let url = try await TestDatabase.shared.freshDatabase()
        let folder = NSTemporaryDirectory() + "volume-e2e-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = try TensorStore(root: folder + "/store")
        // 18 volumes: 4 for the test split, 14 for the pool.
        let names = (1...18).map { String(format: "%03d.nii.gz", $0) }
        let manifest = folder + "/manifest.csv"
        try (["image,mask"] + names.map { "\(data)/images/\($0),\(data)/labels/\($0)" })
            .joined(separator: "\n").appending("\n").write(toFile: manifest, atomically: true, encoding: .utf8)
        let plan = Self.plan(manifest: manifest, dimensions: dimensions)
        let services = try ["embedding-service", "clustering-service", "trainer-service", "selector-service"].map {
            try ServiceProcess($0, database: url, store: store.root, environment: ["POLL_INTERVAL_MS": "100"])
        }
        defer { for service in services { service.signal(SIGTERM) } }

        let rows = try await withClient(url) { client, logger in
            try await Experiment(plan: plan, client: client, store: store, logger: logger,
                                 results: ResultsFile(path: folder + "/results.csv")).run { _ in }
        }
        XCTAssertEqual(rows.map(\.labelled), [8, 10], services.map(\.log).joined(separator: "\n"))
        for row in rows {
            XCTAssertEqual(row.unit, "mm", "volumes carry their spacing, so distances are in millimetres: \(row)")
            XCTAssert((0...1).contains(row.dice ?? -1), "\(row)")
        }

        // Round 1's picks and the files the selector wrote for them.
        let project = try XCTUnwrap(plan.arms.first).projectID
        let picks = try await withClient(url) { client, logger in
            var picks: [(source: String, path: String, format: String)] = []
            let query: PostgresQuery = """
                SELECT s.source_ref, c.pre_annotation, c.pre_annotation_format FROM selection_current c
                JOIN scans s ON s.id = c.scan WHERE c.project = \(project) AND c.round = 1 ORDER BY c.rank
                """
            for try await (source, path, format) in try await client.query(query, logger: logger)
                .decode((String, String?, String?).self) {
                picks.append((source, try XCTUnwrap(path, "pick \(source) has no pre-annotation"), try XCTUnwrap(format)))
            }
            return picks
        }
        XCTAssertEqual(picks.count, 2)
        var unionDice: [Double] = []
        for pick in picks {
            XCTAssertEqual(pick.format, "nifti")
            let predicted = try NIfTIReader.read(path: store.absolutePath(pick.path))
            let name = URL(fileURLWithPath: pick.source).lastPathComponent
            let truth = try NIfTIReader.read(path: "\(data)/labels/\(name)")
            XCTAssertEqual(predicted.shape, truth.shape, "the prediction is on the file's own grid")
            for (a, b) in zip(predicted.affine, truth.affine) { XCTAssertEqual(a, b, accuracy: 1e-4, "same affine") }
            let shape = [truth.shape[2], truth.shape[1], truth.shape[0]]
            let spacing = try Spacing.millimetres([truth.zooms[2], truth.zooms[1], truth.zooms[0]])
            func union(_ image: NIfTIImage) throws -> LabelMap {
                try LabelMap(shape: shape, labels: image.values.map { $0 > 0.5 ? 1 : 0 })
            }
            let metrics = try MetricsWorkspace().evaluate(prediction: try union(predicted), truth: try union(truth),
                                                          spacing: spacing, label: 1)
            XCTAssertEqual(metrics.unit, DistanceUnit.millimetre)
            XCTAssertLessThan(try XCTUnwrap(metrics.averageSurfaceDistance, "\(name): empty prediction"), 6,
                              "\(name): the prediction's surface lies on the hippocampus' (mm), not beside it")
            print("volume e2e (\(dimensions)-D): \(name) union Dice \(metrics.dice), ASSD \(metrics.averageSurfaceDistance ?? -1) mm; test rows \(rows.map { ($0.labelled, $0.dice ?? -1) })")
            unionDice.append(metrics.dice)
        }
        // A model from eight volumes and 30 short epochs at 32 px is weak (test Dice about 0.4 per class on the
        // working grid; 0.47 and 0.61 for the union on the picks' own grids when measured), but a prediction
        // flipped, shifted or framed wrongly on the way back would score near 0.
        XCTAssertGreaterThan(unionDice.reduce(0, +) / Double(unionDice.count), 0.3, "union Dice \(unionDice)")
    }

    /// Budget 8, batch 2, one round; working grid and network at 32 px, small and short: the pipeline, not the model.
    static func plan(manifest: String, dimensions: Int) -> ExperimentPlan {
        var plan = ExperimentPlan(name: "volume-e2e", manifest: manifest, strategies: ["entropy+diversity"])
        plan.initialBudget = 8
        plan.batchSize = 2
        plan.rounds = 1
        plan.testCount = 4
        plan.template.workingSize = 32
        plan.template.labels = [0, 1, 2]
        plan.template.binary = false
        plan.template.training.side = 32
        plan.template.training.baseChannels = 8
        plan.template.training.depth = 3
        plan.template.training.epochs = 30
        plan.template.training.patience = 30
        plan.template.training.batchSize = dimensions == 3 ? 2 : 8
        // A 3-D sample is a whole patch of 16 slices: fewer of them make an epoch.
        plan.template.training.minimumSamplesPerEpoch = dimensions == 3 ? 8 : 32
        plan.template.training.dimensions = dimensions
        plan.template.training.patchDepth = 16
        return plan
    }
}
