import Catalog
import Foundation
import Imaging
import Ingest
import PostgresNIO
import TensorStore
import TestSupport
import XCTest

final class LabelImportTests: XCTestCase {
    /// One cxr image ingested into a project with labels {0, 1, 2} at working size 64.
    private func withScan(labels: [Int] = [0, 1, 2],
                          _ body: @escaping @Sendable (PostgresClient, LabelImporter, TensorStore, IngestedScan) async throws -> Void) async throws {
        var configuration = ProjectConfiguration()
        configuration.labels = labels
        configuration.workingSize = 64
        let url = try await IngestFixtures.database(project: "cxr", configuration: configuration)
        let store = try TensorStore(root: try IngestFixtures.temporaryDirectory("store"))
        try await withClient(url) { client, _ in
            let importer = IngestFixtures.importer(client, store: store)
            let scan = try await importer.ingestor.ingest(file: IngestFixtures.cxr + "/images/001.png", project: "cxr")
            try await body(client, importer.labels, store, scan)
        }
    }

    func testOriginalGridMaskIsStoredOnBothGrids() async throws {
        let maskPath = IngestFixtures.cxr + "/masks/001.png"
        try await withScan { client, labels, store, scan in
            let label = try await labels.importLabel(file: maskPath, project: "cxr", scan: scan.id.uuidString)
            XCTAssertEqual(label.drawnOn, "original")
            let current = try await client.withCatalog(logger: testLogger) { try await $0.currentLabels(project: "cxr") }
            let record = try XCTUnwrap(current.first)
            let source = try ImageLoader.load(path: maskPath)
            let original = try store.readMask(try XCTUnwrap(record.originalTensorPath), key: ScanTensorKey.originalMask)
            XCTAssertEqual(original.shape, [source.height, source.width])
            XCTAssertEqual(original.labels, source.pixels.map { UInt8($0) })
            let working = try store.readMask(record.tensorPath)
            XCTAssertEqual(working.shape, [64, 64])
            XCTAssertEqual(working.labels, Resampling.resizeLabels(original.labels, width: source.width,
                                                                   height: source.height, toWidth: 64, toHeight: 64))
            // What `store gc` keeps: the scan's image and both grids of the label, and nothing else in the store.
            let (referenced, image) = try await client.withCatalog(logger: testLogger) {
                (try await $0.referencedTensorPaths(), try await $0.scan(scan.id).tensorPath)
            }
            XCTAssertEqual(referenced, [image, record.tensorPath, try XCTUnwrap(record.originalTensorPath)])
            XCTAssertEqual(StoreGarbage.find(in: store.contentAddressedFiles(), referenced: referenced, grace: 0,
                                             now: Date()).unreferenced, [])
        }
    }

    func testWorkingGridMaskIsDetectedByShapeAndMatchedByFileName() async throws {
        let folder = try IngestFixtures.temporaryDirectory("mask")
        struct Written: Decodable { let file: String }
        let small = try IngestFixtures.reference(["resize_mask", IngestFixtures.cxr + "/masks/001.png",
                                                  folder + "/001.png", "64"], as: Written.self)
        try await withScan { client, labels, store, scan in
            let label = try await labels.importLabel(file: small.file, project: "cxr")
            XCTAssertEqual(label.scanID, scan.id, "matched by file name")
            XCTAssertEqual(label.drawnOn, "working")
            let current = try await client.withCatalog(logger: testLogger) { try await $0.currentLabels(project: "cxr") }
            let record = try XCTUnwrap(current.first)
            let source = try ImageLoader.load(path: IngestFixtures.cxr + "/images/001.png")
            let original = try store.readMask(try XCTUnwrap(record.originalTensorPath), key: ScanTensorKey.originalMask)
            XCTAssertEqual(original.shape, [source.height, source.width], "brought back onto the original grid")
            XCTAssertEqual(try store.readMask(record.tensorPath).labels,
                           try ImageLoader.load(path: small.file).pixels.map { UInt8($0) })
        }
    }

    func testWrongShapeNamesTheFileAndBothGrids() async throws {
        try await withScan { _, labels, _, scan in
            do {
                _ = try await labels.importLabel(file: IngestFixtures.cxr + "/masks/002.png", project: "cxr",
                                                 scan: scan.id.uuidString)
                XCTFail("a mask of another image's size must be rejected")
            } catch let error as IngestError {
                guard case let .maskShape(file, found, original, working) = error else { return XCTFail("\(error)") }
                XCTAssertTrue(file.hasSuffix("masks/002.png"))
                XCTAssertNotEqual(found, original)
                XCTAssertEqual(working, [64, 64])
                XCTAssertTrue(error.description.contains("002.png"), error.description)
            }
        }
    }

    func testValuesOutsideTheLabelSetAreListed() async throws {
        try await withScan(labels: [0, 1]) { _, labels, _, scan in
            do {
                _ = try await labels.importLabel(file: IngestFixtures.cxr + "/masks/001.png", project: "cxr",
                                                 scan: scan.id.uuidString)
                XCTFail("label 2 is not in the project's set")
            } catch let error as IngestError {
                XCTAssertEqual(error, .maskValues(file: IngestFixtures.cxr + "/masks/001.png", found: [2], allowed: [0, 1]))
                XCTAssertTrue(error.description.contains("labels"), error.description)
            }
        }
    }

    func testReplacingALabelKeepsHistory() async throws {
        let folder = try IngestFixtures.temporaryDirectory("history")
        struct Written: Decodable { let file: String }
        let small = try IngestFixtures.reference(["resize_mask", IngestFixtures.cxr + "/masks/001.png",
                                                  folder + "/001.png", "64"], as: Written.self)
        try await withScan { client, labels, _, scan in
            let first = try await labels.importLabel(file: IngestFixtures.cxr + "/masks/001.png", project: "cxr",
                                                     scan: scan.id.uuidString)
            let second = try await labels.importLabel(file: small.file, project: "cxr", scan: scan.id.uuidString)
            XCTAssertEqual([first.version, second.version], [1, 2])
            let current = try await IngestFixtures.rows(client, "SELECT is_current FROM labels ORDER BY version", as: Bool.self)
            XCTAssertEqual(current, [false, true])
            let sources = try await IngestFixtures.rows(client, "SELECT source_ref FROM labels ORDER BY version", as: String.self)
            XCTAssertEqual(sources.last, small.file)
        }
    }
}
