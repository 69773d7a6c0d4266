import Catalog
import Database
import Foundation
import Imaging
import Ingest
import TensorStore
import TestSupport
import XCTest

/// `scanselect ingest pull` against a real Orthanc: QIDO-RS search, WADO-RS retrieve, then the pixels and
/// geometry of what was stored compared with our own decoding of the uploaded files.
final class DICOMwebPullTests: XCTestCase {
    func testPullFromOrthancStoresTheSamePixelsAndGeometry() async throws {
        let orthanc = try OrthancServer()
        let staging = try IngestFixtures.temporaryDirectory("pacs")
        let series = try IngestFixtures.reference(["series", staging + "/series", "4", "2.0"], as: IngestFixtures.Series.self)
        let single = try IngestFixtures.reference(["instance", staging + "/single.dcm"], as: IngestFixtures.Instance.self)
        try await orthanc.waitUntilReady()
        for file in series.files + [single.file] { try await orthanc.upload(file) }

        var configuration = ProjectConfiguration()
        configuration.workingSize = 64
        let url = try await IngestFixtures.database(project: "pacs", configuration: configuration)
        let store = try IngestFixtures.temporaryDirectory("store")
        let output = try Self.runCLI(["ingest", "pull", "--dicomweb", orthanc.dicomweb, "--project", "pacs",
                                      "--query", "Modality=CT"],
                                     environment: ["DATABASE_URL": url.string, "SCANSELECT_STORE": store,
                                                   "SCANSELECT_SCHEMAS": TestPaths.repository + "/schemas"])
        XCTAssertTrue(output.contains("scans: 2 new"), output)

        let tensors = try TensorStore(root: store)
        let preprocessor = IngestPreprocessor(workingWidth: 64, workingHeight: 64)
        try await withClient(url) { client, logger in
            let scans = try await client.withCatalog(logger: logger) { try await $0.scans(project: "pacs") }
            XCTAssertEqual(scans.count, 2)
            let volume = try XCTUnwrap(scans.first { $0.instanceUIDs.count == series.files.count })
            XCTAssertEqual(volume.workingShape, [series.files.count, 64, 64])
            XCTAssertEqual(try XCTUnwrap(volume.spacing)[0], 2.0, accuracy: 1e-3)
            let stacked = try DICOMSeries.stack(series.files.map { try DICOMReader.read(path: $0) })
            XCTAssertEqual(try tensors.readImage(volume.tensorPath).values, preprocessor.prepare(stacked).volume.pixels)
            let geometry = try JSONDecoder().decode(GeometryRecord.self, from: Data(volume.geometryJSON.utf8))
            XCTAssertEqual(geometry, preprocessor.prepare(stacked).geometry)

            let image = try XCTUnwrap(scans.first { $0.instanceUIDs == [single.sop_instance_uid] })
            XCTAssertEqual(image.workingShape, [64, 64])
            let own = try ImageLoader.load(path: single.file)
            XCTAssertEqual(try tensors.readImage(image.tensorPath).values, preprocessor.prepare(own).volume.pixels)
        }
        let again = try Self.runCLI(["ingest", "pull", "--dicomweb", orthanc.dicomweb, "--project", "pacs",
                                     "--study", series.study_uid],
                                    environment: ["DATABASE_URL": url.string, "SCANSELECT_STORE": store,
                                                   "SCANSELECT_SCHEMAS": TestPaths.repository + "/schemas"])
        XCTAssertTrue(again.contains("scans: 0 new, 1 already present"), again)
    }

    /// A series the PACS cannot hand over as Explicit VR Little Endian (JPEG 2000 on a PACS without the codec)
    /// must not stop the pull: it is asked for as stored, and whatever still fails is reported per series while
    /// the other series are pulled and the command succeeds.
    func testAPullGoesOnPastASeriesItCannotGet() async throws {
        let orthanc = try OrthancServer()
        let staging = try IngestFixtures.temporaryDirectory("pacs-j2k")
        let single = try IngestFixtures.reference(["instance", staging + "/single.dcm"], as: IngestFixtures.Instance.self)
        let jpeg2000 = "/usr/lib/python3/dist-packages/pydicom/data/test_files/693_J2KI.dcm"
        try await orthanc.waitUntilReady()
        for file in [single.file, jpeg2000] { try await orthanc.upload(file) }
        let url = try await IngestFixtures.database(project: "pacs")
        let output = try Self.runCLI(["ingest", "pull", "--dicomweb", orthanc.dicomweb, "--project", "pacs",
                                      "--query", "Modality=CT"],
                                     environment: ["DATABASE_URL": url.string,
                                                   "SCANSELECT_STORE": try IngestFixtures.temporaryDirectory("store"),
                                                   "SCANSELECT_SCHEMAS": TestPaths.repository + "/schemas"])
        // Debian's ScanSelect does not decode JPEG 2000 yet: the series is reported, the other one pulled.
        XCTAssertTrue(output.contains("scans: 1 new"), output)
        XCTAssertTrue(output.contains("FAILED"), output)
        XCTAssertTrue(output.contains("1.2.840.10008.1.2.4.91") || output.contains("1.2.276.0.7230010.3.1.3.296485376.1.1521713419.1802493"),
                      "the failure names the transfer syntax or the series: \(output)")
    }

    static func runCLI(_ arguments: [String], environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestPaths.executable("scanselect"))
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        // Foundation's waitUntilExit can spin forever on Linux when called off the main thread.
        while process.isRunning { usleep(10_000) }
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw TestSupportError(description: "scanselect \(arguments.joined(separator: " ")) exited "
                                   + "\(process.terminationStatus):\n\(text)")
        }
        return text
    }
}
