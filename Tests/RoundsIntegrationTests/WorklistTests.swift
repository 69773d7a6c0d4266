import Catalog
import Engine
import Foundation
import Imaging
import Rounds
import SafeTensors
import TensorStore
import TestFixtures
import TestSupport
import Uncertainty
import Worklist
import XCTest

/// A worklist folder round trip on real X-rays: the picks out as PNGs with the model's prediction beside them,
/// a corrected mask saved back into labels/ in as its scan's label, once.
final class WorklistTests: XCTestCase {
    func testAWorklistCarriesThePicksOutAndItsMasksBackIn() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try temporaryStore()
        let folder = NSTemporaryDirectory() + "worklist-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withClient(url) { client, logger in
            let configuration = LungProject.configuration()
            let specification = try ModelSpecification(configuration)
            let weights = try store.put(bytes: try UNet(configuration: specification.network, seed: 3).serializedState())
            let project = try await client.withCatalog(logger: logger) { catalog in
                let project = try await LungProject.create("worklist", count: 6, configuration: configuration, catalog: catalog, store: store)
                try await project.openRoundZero(picks: [0, 1, 2], coordinates: (0..<6).map { (Double($0), 0) }, catalog: catalog)
                _ = try await catalog.insertModel(project: "worklist", round: 0, checkpointPath: weights, labelled: [],
                                                  validationJSON: "{}", curveJSON: "[]", seconds: 0)
                return project
            }
            let manifest = try await WorklistWriter(client: client, store: store, logger: logger)
                .write(project: "worklist", round: nil, to: folder)
            XCTAssertEqual(manifest.round, 0)
            XCTAssertEqual(manifest.picks.map(\.scan), Array(project.scans[0..<3]))
            let predictor = try await SegmentationPredictor.load(weightsAt: weights, store: store, specification: specification)
            for (index, pick) in manifest.picks.enumerated() {
                XCTAssertEqual(pick.image, pick.stem + ".png")
                let image = try PNGDecoder.decode(path: folder + "/" + pick.image)
                XCTAssertEqual([image.width, image.height], [LungProject.side, LungProject.side], "the working grid")
                let scan = try await client.withCatalog(logger: logger) { try await $0.scan(project.scans[index]) }
                let expected = specification.labelValues(ofClasses: ScanUncertainty.predictedLabels(
                    try predictor.predict(try store.readImage(scan.tensorPath)).maps()).map { UInt8(clamping: $0) })
                let prediction = try PNGDecoder.decode(path: folder + "/" + (try XCTUnwrap(pick.preAnnotation)))
                XCTAssertEqual((0..<expected.count).map { prediction.sample(x: $0 % LungProject.side, y: $0 / LungProject.side) },
                               expected.map(Int.init), "the model's prediction, label values on the same grid")
            }
            let csv = try String(contentsOfFile: folder + "/picks.csv", encoding: .utf8).split(separator: "\n")
            XCTAssertEqual(csv.count, 4)
            XCTAssertTrue(csv[1].hasPrefix("1,\(project.scans[0].uuidString.lowercased()),01-"), String(csv[1]))
            XCTAssertTrue(csv[1].hasSuffix("test pick"))
            XCTAssertTrue(try String(contentsOfFile: folder + "/README.txt", encoding: .utf8).contains("scanselect worklist collect"))

            // The annotator saves the second pick's mask (its ground truth here) into labels/, and a stray file.
            let truth = try store.readMask(project.labelPaths[1])
            try Data(try PNGEncoder.encodeGrey8(truth.labels, width: LungProject.side, height: LungProject.side))
                .write(to: URL(fileURLWithPath: folder + "/labels/" + manifest.picks[1].stem + ".corrected.png"))
            try Data([1, 2, 3]).write(to: URL(fileURLWithPath: folder + "/labels/notes.png"))
            let collector = WorklistCollector(client: client, store: store, logger: logger)
            let first = try await collector.collect(folder)
            XCTAssertEqual(first.imported, [manifest.picks[1].stem + ".corrected.png"])
            XCTAssertEqual(Array(first.refused.keys), ["notes.png"])
            let labels = try await client.withCatalog(logger: logger) { try await $0.currentLabels(project: "worklist") }
            XCTAssertEqual(labels.map(\.scanID), [project.scans[1]])
            XCTAssertEqual(try store.readMask(try XCTUnwrap(labels.first).tensorPath).labels, truth.labels)
            let again = try await collector.collect(folder)
            XCTAssertEqual(again.imported, [], "collecting again imports nothing already imported")
            XCTAssertEqual(again.unchanged, [manifest.picks[1].stem + ".corrected.png"])
        }
    }

    struct NIfTIReading: Decodable {
        let shape: [Int]
        let data: [Int]
    }

    /// A volume pick goes out as NIfTI (nibabel reads the image and the prediction with the scan's shape) and a
    /// NIfTI mask saved back comes in as its label.
    func testAVolumePickGoesOutAndComesBackAsNIfTI() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try temporaryStore()
        let folder = NSTemporaryDirectory() + "worklist-volume-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let depth = 3, side = LungProject.side
        try await withClient(url) { client, logger in
            let configuration = LungProject.configuration()
            let specification = try ModelSpecification(configuration)
            let weights = try store.put(bytes: try UNet(configuration: specification.network, seed: 5).serializedState())
            let volume = try await client.withCatalog(logger: logger) { catalog in
                // Three X-rays stacked as the slices of one volume.
                _ = try await LungProject.create("stack", count: depth, configuration: configuration, catalog: catalog, store: store)
                var images: [Float] = []
                for scan in try await catalog.scans(project: "stack") { images += try store.read(scan.tensorPath).floats("image") }
                var image = SafeTensorsWriter()
                image.add("image", floats: images, shape: [depth, side, side])
                let path = try store.put(image)
                let geometry = LungProject.geometryJSON.replacingOccurrences(of: "\"depth\": 1", with: "\"depth\": \(depth)")
                let id = try await catalog.insertScan(NewScan(
                    projectID: "stack", modality: "CT", workingShape: [depth, side, side], originalShape: [depth, side, side],
                    spacing: nil, geometryJSON: geometry, sourceKind: "file", sourceRef: "stack", contentHash: path,
                    tensorPath: path)).id
                try await catalog.recordColdStart(
                    project: "stack", run: ClusterRun(encoder: "test", weightsChecksum: "none", space: "map", k: 1,
                                                      silhouetteCurveJSON: "[]", points: [MapPoint(scanID: id, x: 0, y: 0, cluster: 0)]),
                    strategy: "paper", picks: [SelectionEntry(scanID: id, score: nil, reason: "test pick", cluster: 0)])
                _ = try await catalog.insertModel(project: "stack", round: 0, checkpointPath: weights, labelled: [],
                                                  validationJSON: "{}", curveJSON: "[]", seconds: 0)
                return try await catalog.scan(id)
            }
            let manifest = try await WorklistWriter(client: client, store: store, logger: logger)
                .write(project: "stack", round: 0, to: folder)
            let pick = try XCTUnwrap(manifest.picks.first)
            XCTAssertEqual(pick.image, pick.stem + ".nii")
            let predictor = try await SegmentationPredictor.load(weightsAt: weights, store: store, specification: specification)
            let expected = specification.labelValues(ofClasses: ScanUncertainty.predictedLabels(
                try predictor.predict(try store.readImage(volume.tensorPath)).maps()).map { UInt8(clamping: $0) })
            func read(_ name: String) throws -> NIfTIReading {
                try JSONDecoder().decode(NIfTIReading.self, from: Data(try Python.runScript(
                    "Tests/RoundsReference/nifti_peer.py", module: "nibabel", arguments: ["read", folder + "/" + name]).utf8))
            }
            XCTAssertEqual(try read(pick.image).shape, [side, side, depth])
            let prediction = try read(try XCTUnwrap(pick.preAnnotation))
            XCTAssertEqual(prediction.data, expected.map(Int.init), "the prediction, x fastest, on the scan's grid")

            try FileManager.default.copyItem(atPath: folder + "/" + (try XCTUnwrap(pick.preAnnotation)),
                                             toPath: folder + "/labels/" + pick.stem + ".nii")
            let outcome = try await WorklistCollector(client: client, store: store, logger: logger).collect(folder)
            XCTAssertEqual(outcome.imported, [pick.stem + ".nii"], "\(outcome.refused)")
            let label = try await client.withCatalog(logger: logger) { catalog in
                try await catalog.currentLabels(project: "stack").first { $0.scanID == volume.id }
            }
            XCTAssertEqual(try store.readMask(try XCTUnwrap(label).tensorPath).labels, expected)
        }
    }
}
