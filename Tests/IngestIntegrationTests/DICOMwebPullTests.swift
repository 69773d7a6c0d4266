import Catalog
import Database
import Foundation
import Imaging
import PostgresNIO
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
    /// is asked for as stored and decoded here; one in a syntax nobody decodes (JPEG 2000 Part 2) must not stop
    /// the pull: it is reported on its own line while the other series are pulled and the command succeeds.
    func testAPullGoesOnPastASeriesItCannotGet() async throws {
        struct Relabelled: Decodable { let file: String; let series_uid: String }
        let orthanc = try OrthancServer()
        let staging = try IngestFixtures.temporaryDirectory("pacs-j2k")
        let single = try IngestFixtures.reference(["instance", staging + "/single.dcm"], as: IngestFixtures.Instance.self)
        let jpeg2000 = "/usr/lib/python3/dist-packages/pydicom/data/test_files/693_J2KI.dcm"
        let part2 = try IngestFixtures.reference(["relabel", jpeg2000, staging + "/part2.dcm", "1.2.840.10008.1.2.4.92"],
                                                 as: Relabelled.self)
        try await orthanc.waitUntilReady()
        for file in [single.file, jpeg2000, part2.file] { try await orthanc.upload(file) }
        let url = try await IngestFixtures.database(project: "pacs")
        let output = try Self.runCLI(["ingest", "pull", "--dicomweb", orthanc.dicomweb, "--project", "pacs",
                                      "--query", "Modality=CT"],
                                     environment: ["DATABASE_URL": url.string,
                                                   "SCANSELECT_STORE": try IngestFixtures.temporaryDirectory("store"),
                                                   "SCANSELECT_SCHEMAS": TestPaths.repository + "/schemas"])
        XCTAssertTrue(output.contains("scans: 2 new"), "the plain and the JPEG 2000 series: \(output)")
        XCTAssertTrue(output.contains("FAILED"), output)
        XCTAssertTrue(output.contains("1.2.840.10008.1.2.4.92") || output.contains(part2.series_uid),
                      "the failure names the transfer syntax or the series: \(output)")
    }

    /// `ingest pull --every`: a schedule the real ingest-service runs against an Orthanc that wants credentials.
    /// The first run pulls what the PACS has, a series that arrives later comes with a later run, a series
    /// already pulled is not asked for again; the credentials come only from the file
    /// SCANSELECT_DICOMWEB_CREDENTIALS names and reach no log; stopping the schedule ends the chain.
    func testAScheduledPullFollowsAPACSThatWantsCredentials() async throws {
        let orthanc = try OrthancServer(user: (name: "scanner", password: "s3cret-pw"))
        let staging = try IngestFixtures.temporaryDirectory("pacs-follow")
        let first = try IngestFixtures.reference(["instance", staging + "/first.dcm"], as: IngestFixtures.Instance.self)
        let later = try IngestFixtures.reference(["series", staging + "/later", "3", "2.0"], as: IngestFixtures.Series.self)
        try await orthanc.waitUntilReady()
        try await orthanc.upload(first.file)

        let url = try await IngestFixtures.database(project: "follow")
        let store = try IngestFixtures.temporaryDirectory("store")
        let environment = ["DATABASE_URL": url.string, "SCANSELECT_STORE": store,
                           "SCANSELECT_SCHEMAS": TestPaths.repository + "/schemas"]
        // Without credentials the PACS refuses, and the message says where they go.
        XCTAssertThrowsError(try Self.runCLI(["ingest", "pull", "--dicomweb", orthanc.dicomweb, "--project", "follow",
                                              "--query", "Modality=CT"], environment: environment)) {
            XCTAssertTrue("\($0)".contains(DICOMwebCredentials.variable), "\($0)")
        }
        let credentials = staging + "/pacs-credentials.json"
        try JSONSerialization.data(withJSONObject: [orthanc.dicomweb: ["username": "scanner", "password": "s3cret-pw"]])
            .write(to: URL(fileURLWithPath: credentials))
        let saved = try Self.runCLI(["ingest", "pull", "--dicomweb", orthanc.dicomweb, "--project", "follow",
                                     "--query", "Modality=CT", "--every", "1", "--name", "follow"], environment: environment)
        XCTAssertTrue(saved.contains("schedule 'follow' saved"), saved)

        let service = try ServiceProcess("ingest-service", database: url, store: store,
                                         environment: [DICOMwebCredentials.variable: credentials])
        try await withClient(url) { client, _ in
            @Sendable func scans() async throws -> Int64 {
                try await scalar(client, "SELECT count(*)::bigint FROM scans WHERE project_id = 'follow'", as: Int64.self)
            }
            try await eventually(timeout: 60, "the first run pulls the first series") { try await scans() == 1 }
            for file in later.files { try await orthanc.upload(file) }
            try await eventually(timeout: 60, "a later run pulls the series that arrived since") { try await scans() == 2 }
            try await eventually(timeout: 30, "the schedule remembers both series") {
                try await scalar(client, "SELECT count(*)::bigint FROM pulled_series WHERE schedule = 'follow'",
                                 as: Int64.self) == 2
            }
            let runs = try await scalar(client, "SELECT runs FROM pull_schedules WHERE name = 'follow'", as: Int64.self)
            try await eventually(timeout: 30, "another run after both series are in") {
                try await scalar(client, "SELECT runs FROM pull_schedules WHERE name = 'follow'", as: Int64.self) > runs
            }
            let report = try await scalar(client, "SELECT last_report FROM pull_schedules WHERE name = 'follow'", as: String.self)
            XCTAssertTrue(report.hasPrefix("scans: 0 new, 0 already present"), "pulled series are not asked for again: \(report)")
        }
        let listed = try Self.runCLI(["ingest", "schedules", "--stop", "follow"], environment: environment)
        XCTAssertTrue(listed.contains("follow") && listed.contains(" no "), listed)
        try await withClient(url) { client, _ in
            try await eventually(timeout: 30, "the chain ends: no pull job waits") {
                try await scalar(client, "SELECT count(*)::bigint FROM jobs WHERE kind = 'pull' AND state IN ('queued', 'running')",
                                 as: Int64.self) == 0
            }
            let dead = try await scalar(client, "SELECT count(*)::bigint FROM jobs WHERE kind = 'pull' AND state = 'dead'",
                                        as: Int64.self)
            XCTAssertEqual(dead, 0)
        }
        service.signal(SIGTERM)
        _ = service.waitForExit(timeout: 15)
        let secret = Data("scanner:s3cret-pw".utf8).base64EncodedString()
        XCTAssertFalse(service.log.contains("s3cret-pw") || service.log.contains(secret), "credentials reached the log")
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
