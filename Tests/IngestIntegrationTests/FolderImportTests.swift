import Catalog
import Foundation
import Imaging
import Ingest
import PostgresNIO
import TensorStore
import TestSupport
import XCTest

final class FolderImportTests: XCTestCase {
    func testFolderOfPNGsBecomesScansWithEmbedJobsOnce() async throws {
        let folder = try IngestFixtures.temporaryDirectory("folder")
        let names = ["001.png", "002.png", "003.png"]
        for name in names {
            try FileManager.default.copyItem(atPath: IngestFixtures.cxr + "/images/" + name, toPath: folder + "/" + name)
        }
        var configuration = ProjectConfiguration()
        configuration.workingSize = 64
        let url = try await IngestFixtures.database(project: "cxr", configuration: configuration)
        let store = try TensorStore(root: try IngestFixtures.temporaryDirectory("store"))
        try await withClient(url) { client, _ in
            let importer = IngestFixtures.importer(client, store: store)
            let report = await importer.folder(folder, project: "cxr")
            XCTAssertEqual(report.failures.map(\.reason), [])
            XCTAssertEqual(report.scans.filter(\.isNew).count, names.count)
            let jobs = try await scalar(client, "SELECT count(*)::bigint FROM jobs WHERE kind = 'embed'", as: Int64.self)
            XCTAssertEqual(jobs, Int64(names.count))
            let scans = try await client.withCatalog(logger: testLogger) { try await $0.scans(project: "cxr") }
            for scan in scans {
                XCTAssertEqual(scan.workingShape, [64, 64])
                let image = try store.readImage(scan.tensorPath)
                XCTAssertEqual(image.shape, [64, 64])
                XCTAssertGreaterThanOrEqual(image.values.min() ?? -1, 0)
                XCTAssertLessThanOrEqual(image.values.max() ?? 2, 1)
                XCTAssertNil(scan.spacing, "PNG has no physical spacing")
            }
            // The tensor is what the preprocessor makes of the decoded file.
            let own = try ImageLoader.load(path: folder + "/001.png")
            let expected = IngestPreprocessor(workingWidth: 64, workingHeight: 64).prepare(own).volume.pixels
            let first = try XCTUnwrap(scans.first { $0.sourceRef.hasSuffix("001.png") })
            XCTAssertEqual(try store.readImage(first.tensorPath).values, expected)

            let again = await importer.folder(folder, project: "cxr")
            XCTAssertEqual(again.scans.filter(\.isNew).count, 0, "re-importing the same files records nothing")
            let total = try await scalar(client, "SELECT count(*)::bigint FROM scans", as: Int64.self)
            XCTAssertEqual(total, Int64(names.count))
        }
    }

    func testDICOMSeriesBecomesOneVolumeWithDepthAndSpacing() async throws {
        let folder = try IngestFixtures.temporaryDirectory("series")
        let series = try IngestFixtures.reference(["series", folder, "5", "2.5"], as: IngestFixtures.Series.self)
        var configuration = ProjectConfiguration()
        configuration.workingSize = 64
        let url = try await IngestFixtures.database(project: "ct", configuration: configuration)
        let store = try TensorStore(root: try IngestFixtures.temporaryDirectory("store"))
        try await withClient(url) { client, _ in
            let report = await IngestFixtures.importer(client, store: store).folder(folder, project: "ct")
            XCTAssertEqual(report.failures.map(\.reason), [])
            XCTAssertEqual(report.scans.count, 1, "five slices of one series are one scan")
            let scan = try await client.withCatalog(logger: testLogger) { try await $0.scans(project: "ct") }.first
            let record = try XCTUnwrap(scan)
            XCTAssertEqual(record.workingShape, [series.files.count, 64, 64])
            XCTAssertEqual(record.instanceUIDs.count, series.files.count)
            let spacing = try XCTUnwrap(record.spacing)
            XCTAssertEqual(spacing[0], 2.5, accuracy: 1e-3)
            XCTAssertEqual(spacing[1], series.pixel_spacing[0] * Double(series.rows) / 64, accuracy: 1e-6)
            XCTAssertEqual(spacing[2], series.pixel_spacing[1] * Double(series.columns) / 64, accuracy: 1e-6)
            let seriesUID = try await scalar(client, "SELECT series_uid FROM scans", as: String.self)
            XCTAssertEqual(seriesUID, series.series_uid)
            // The stored volume equals our own stacking of the same files after the same preprocessing.
            let stacked = try DICOMSeries.stack(series.files.map { try DICOMReader.read(path: $0) })
            let expected = IngestPreprocessor(workingWidth: 64, workingHeight: 64).prepare(stacked).volume.pixels
            XCTAssertEqual(try store.readImage(record.tensorPath).values, expected)
        }
    }

    /// Non-image objects (RT Dose, RT Plan, SR) dropped beside images are refused by name and never become scans.
    func testNonImageObjectsNeverJoinThePool() async throws {
        let folder = try IngestFixtures.temporaryDirectory("mixed")
        _ = try IngestFixtures.reference(["instance", folder + "/image.dcm"], as: IngestFixtures.Instance.self)
        for name in ["rtdose.dcm", "rtplan.dcm", "reportsi.dcm"] {
            try FileManager.default.copyItem(atPath: STOWTests.pydicomFiles + "/" + name, toPath: folder + "/" + name)
        }
        let url = try await IngestFixtures.database(project: "mixed")
        let store = try TensorStore(root: try IngestFixtures.temporaryDirectory("store"))
        try await withClient(url) { client, _ in
            let report = await IngestFixtures.importer(client, store: store).folder(folder, project: "mixed")
            XCTAssertEqual(report.scans.count, 1, "only the image: \(report.failures.map(\.reason))")
            XCTAssertEqual(report.failures.count, 3)
            XCTAssertTrue(report.failures.allSatisfy { $0.reason.contains("never joins the pool") }, "\(report.failures.map(\.reason))")
            XCTAssertTrue(report.failures.contains { $0.reason.contains("RT Dose") })
            let scans = try await scalar(client, "SELECT count(*)::bigint FROM scans", as: Int64.self)
            XCTAssertEqual(scans, 1)
        }
    }

    func testManifestInSharedFormatImportsImagesMasksAndSplit() async throws {
        let folder = try IngestFixtures.temporaryDirectory("manifest")
        try FileManager.default.createDirectory(atPath: folder + "/images", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/masks", withIntermediateDirectories: true)
        var lines = ["id,image,mask,width,height,split"]
        for (id, split) in [("001", "pool"), ("002", "test")] {
            for kind in ["images", "masks"] {
                try FileManager.default.copyItem(atPath: "\(IngestFixtures.cxr)/\(kind)/\(id).png",
                                                 toPath: "\(folder)/\(kind)/\(id).png")
            }
            lines.append("\(id),images/\(id).png,masks/\(id).png,1,1,\(split)")
        }
        try lines.joined(separator: "\n").write(toFile: folder + "/manifest.csv", atomically: true, encoding: .utf8)
        var configuration = ProjectConfiguration()
        configuration.labels = [0, 1, 2]
        configuration.workingSize = 64
        let url = try await IngestFixtures.database(project: "cxr", configuration: configuration)
        let store = try TensorStore(root: try IngestFixtures.temporaryDirectory("store"))
        try await withClient(url) { client, _ in
            let report = try await IngestFixtures.importer(client, store: store).manifest(folder + "/manifest.csv",
                                                                                          project: "cxr")
            XCTAssertEqual(report.failures.map(\.reason), [])
            XCTAssertEqual(report.scans.count, 2)
            XCTAssertEqual(report.labels.map(\.drawnOn), ["original", "original"])
            let splits = try await IngestFixtures.rows(client, "SELECT split FROM scans ORDER BY source_ref", as: String.self)
            XCTAssertEqual(splits, ["pool", "test"])
            let labels = try await client.withCatalog(logger: testLogger) { try await $0.currentLabels(project: "cxr") }
            XCTAssertEqual(labels.count, 2)
            let mask = try store.readMask(try XCTUnwrap(labels.first).tensorPath)
            XCTAssertEqual(mask.shape, [64, 64])
            XCTAssertEqual(Set(mask.labels), [0, 1, 2])
        }
    }

    func testSharedCxrManifestHeaderIsDetected() throws {
        let entries = try CSVManifest.read(IngestFixtures.cxr + "/manifest.csv")
        XCTAssertEqual(entries.count, 98)
        let first = try XCTUnwrap(entries.first)
        XCTAssertEqual(first.image, IngestFixtures.cxr + "/images/001.png")
        XCTAssertEqual(first.mask, IngestFixtures.cxr + "/masks/001.png")
        XCTAssertEqual(first.split, "pool")
    }

    func testHeaderlessManifestIsPositionalAndRejectsAnUnknownSplit() throws {
        let folder = try IngestFixtures.temporaryDirectory("plain")
        try "a.png,m.png,test\n\"b, c.png\"\n".write(toFile: folder + "/list.csv", atomically: true, encoding: .utf8)
        let entries = try CSVManifest.read(folder + "/list.csv")
        XCTAssertEqual(entries.map(\.image), [folder + "/a.png", folder + "/b, c.png"])
        XCTAssertEqual(entries.map(\.mask), [folder + "/m.png", nil])
        XCTAssertEqual(entries.map(\.split), ["test", "pool"])
        try "a.png,,training\n".write(toFile: folder + "/bad.csv", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CSVManifest.read(folder + "/bad.csv")) { error in
            XCTAssertTrue("\(error)".contains("bad.csv line 1"), "\(error)")
            XCTAssertTrue("\(error)".contains("training"), "\(error)")
        }
    }
}
