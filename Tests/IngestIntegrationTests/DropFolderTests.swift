import Catalog
import Database
import Foundation
import Imaging
import Ingest
import PostgresNIO
import TensorStore
import TestSupport
import XCTest

/// The drop folder through the real ingest-service binary, as deployed: replicas share one inbox.
final class DropFolderTests: XCTestCase {
    struct Stack {
        let url: DatabaseURL
        let store: String
        let inbox: String
    }

    private func stack(projects: [String: ProjectConfiguration]) async throws -> Stack {
        let url = try await TestDatabase.shared.freshDatabase()
        try await withClient(url) { client, logger in
            for (project, configuration) in projects {
                try await client.withCatalog(logger: logger) { try await $0.createProject(project, configuration: configuration) }
            }
        }
        return Stack(url: url, store: try IngestFixtures.temporaryDirectory("store"),
                     inbox: try IngestFixtures.temporaryDirectory("inbox"))
    }

    private func replica(_ id: String, _ stack: Stack) throws -> ServiceProcess {
        try ServiceProcess("ingest-service", database: stack.url, store: stack.store, environment: [
            "SCANSELECT_INBOX": stack.inbox, "SCANSELECT_REPLICA_ID": id, "INBOX_SCAN_MS": "100",
            "SERIES_QUIET_MS": "500", "WORKER_CONCURRENCY": "3", "LOG_LEVEL": "info",
            // Kept, so that the tests can see where each original went.
            "INBOX_RETENTION": "keep",
        ])
    }

    static func files(under path: String) -> [String] {
        (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).filter {
            var directory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path + "/" + $0, isDirectory: &directory) && !directory.boolValue
        }.sorted()
    }

    /// A replica killed mid-ingest leaves files in `.claimed/` (one file and a whole series claim here, as
    /// `kill -9` leaves them). A restarted replica under a new name gives them back once the dead one has been
    /// silent past INBOX_CLAIM_STALE_MS, and each is ingested exactly once.
    func testClaimsOfAKilledReplicaAreGivenBackAndIngestedOnce() async throws {
        var configuration = ProjectConfiguration()
        configuration.workingSize = 64
        let stack = try await stack(projects: ["cxr": configuration])
        let manager = FileManager.default
        let dead = stack.inbox + "/.claimed/dead-replica"
        try manager.createDirectory(atPath: dead + "/cxr/batch", withIntermediateDirectories: true)
        try manager.copyItem(atPath: IngestFixtures.cxr + "/images/001.png", toPath: dead + "/cxr/batch/001.png")
        manager.createFile(atPath: stack.inbox + "/.claimed/dead-replica.alive", contents: nil)
        let staging = try IngestFixtures.temporaryDirectory("killed-series")
        let series = try IngestFixtures.reference(["series", staging, "3", "2.0"], as: IngestFixtures.Series.self)
        let seriesClaim = stack.inbox + "/.claimed/series/" + series.series_uid
        try manager.createDirectory(atPath: seriesClaim, withIntermediateDirectories: true)
        var origin: [String: String] = [:]
        for (index, file) in series.files.enumerated() {
            let name = "\(index)-\((file as NSString).lastPathComponent)"
            try manager.copyItem(atPath: file, toPath: seriesClaim + "/" + name)
            origin[name] = "cxr/ct/" + (file as NSString).lastPathComponent
        }
        try JSONSerialization.data(withJSONObject: ["replica": "dead-replica", "files": origin])
            .write(to: URL(fileURLWithPath: seriesClaim + "/.owner"))
        // The dead replica's last sign of life was long ago.
        let past = Date().addingTimeInterval(-3600)
        for path in [stack.inbox + "/.claimed/dead-replica.alive", dead, seriesClaim] {
            try manager.setAttributes([.modificationDate: past], ofItemAtPath: path)
        }

        let replica = try ServiceProcess("ingest-service", database: stack.url, store: stack.store, environment: [
            "SCANSELECT_INBOX": stack.inbox, "SCANSELECT_REPLICA_ID": "restarted", "INBOX_SCAN_MS": "100",
            "SERIES_QUIET_MS": "300", "INBOX_CLAIM_STALE_MS": "2000",
        ])
        defer { replica.signal(SIGTERM) }
        try await withClient(stack.url) { client, _ in
            try await eventually(timeout: 60, "the given-back PNG and series are ingested") {
                try await scalar(client, "SELECT count(*)::bigint FROM scans", as: Int64.self) == 2
            }
            let depths = try await IngestFixtures.rows(client, "SELECT working_shape[1] FROM scans ORDER BY 1", as: Int.self)
            XCTAssertEqual(depths, [3, 64], "the series came back whole, as one volume")
        }
        try await eventually(timeout: 30, ".claimed holds nothing but the live replica's heartbeat") {
            Self.files(under: stack.inbox + "/.claimed") == ["restarted.alive"]
        }
        // INBOX_RETENTION's default: once ingested, the originals (which carry the patient's data) are gone.
        XCTAssertEqual(Self.files(under: stack.inbox + "/processed"), [])
        XCTAssertEqual(Self.files(under: stack.inbox + "/failed"), [])
    }

    func testTwoReplicasIngestEachFileOnceAndQuarantineTheCorruptOne() async throws {
        var configuration = ProjectConfiguration()
        configuration.workingSize = 64
        configuration.labels = [0, 1, 2]
        let stack = try await stack(projects: ["cxr": configuration])
        let replicas = try [replica("r1", stack), replica("r2", stack)]
        let images = (1...8).map { String(format: "%03d.png", $0) }
        try FileManager.default.createDirectory(atPath: stack.inbox + "/cxr/batch1/labels", withIntermediateDirectories: true)
        for name in images {
            try FileManager.default.copyItem(atPath: IngestFixtures.cxr + "/images/" + name,
                                             toPath: stack.inbox + "/cxr/batch1/" + name)
        }
        // A PNG signature followed by garbage: detected as PNG, fails to decode.
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64))
            .write(to: URL(fileURLWithPath: stack.inbox + "/cxr/broken.png"))
        try FileManager.default.createDirectory(atPath: stack.inbox + "/cxr/labels", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: IngestFixtures.cxr + "/masks/001.png", toPath: stack.inbox + "/cxr/labels/001.png")

        try await withClient(stack.url) { client, _ in
            try await eventually(timeout: 60, "8 scans, 1 label, inbox drained") {
                let scans = try await scalar(client, "SELECT count(*)::bigint FROM scans", as: Int64.self)
                let labels = try await scalar(client, "SELECT count(*)::bigint FROM labels", as: Int64.self)
                return scans == 8 && labels == 1 && Self.files(under: stack.inbox + "/cxr").isEmpty
            }
            let jobs = try await scalar(client, "SELECT count(*)::bigint FROM jobs WHERE kind = 'embed'", as: Int64.self)
            XCTAssertEqual(jobs, 8)
        }
        XCTAssertEqual(Self.files(under: stack.inbox + "/processed"),
                       (images.map { "cxr/batch1/" + $0 } + ["cxr/labels/001.png"]).sorted())
        XCTAssertEqual(Self.files(under: stack.inbox + "/failed"), ["cxr/broken.png", "cxr/broken.png.error.txt"])
        let reason = try String(contentsOfFile: stack.inbox + "/failed/cxr/broken.png.error.txt", encoding: .utf8)
        XCTAssertTrue(reason.contains("broken.png"), reason)
        XCTAssertEqual(Self.files(under: stack.inbox + "/.claimed").filter { !$0.hasSuffix(".alive") }, [],
                       "no claimed file left behind (only the replicas' heartbeats)")

        let logs = replicas.map(\.log)
        let ingested = logs.map { $0.components(separatedBy: "scan ingested").count - 1 }
        XCTAssertEqual(ingested.reduce(0, +), images.count, "each file ingested exactly once across replicas: \(ingested)")
        for replica in replicas {
            XCTAssertTrue(replica.process.isRunning, "a bad file does not stop the service:\n\(replica.log)")
            replica.signal(SIGTERM)
            XCTAssertEqual(replica.waitForExit(timeout: 20), 0)
        }
    }

    func testDICOMSeriesDroppedSliceBySliceBecomesOneVolume() async throws {
        var configuration = ProjectConfiguration()
        configuration.workingSize = 32
        let stack = try await stack(projects: ["ct": configuration])
        let staging = try IngestFixtures.temporaryDirectory("slices")
        let made = try IngestFixtures.reference(["series", staging, "7", "3.0"], as: IngestFixtures.Series.self)
        // Six slices now, the top one (files are written in shuffled order) after the series has been ingested.
        let numbers = try made.files.map { try DICOMReader.readHeader(path: $0).instanceNumber ?? 0 }
        let late = try XCTUnwrap(zip(made.files, numbers).max { $0.1 < $1.1 }?.0)
        let onTime = made.files.filter { $0 != late }
        let service = try replica("solo", stack)
        try FileManager.default.createDirectory(atPath: stack.inbox + "/ct/study", withIntermediateDirectories: true)
        // Slices trickle in slower than the scan interval but faster than the quiet period.
        for file in onTime {
            try FileManager.default.copyItem(atPath: file,
                                             toPath: stack.inbox + "/ct/study/" + (file as NSString).lastPathComponent)
            try await Task.sleep(for: .milliseconds(150))
        }
        try await withClient(stack.url) { client, logger in
            try await eventually(timeout: 30, "the series is ingested") {
                Self.files(under: stack.inbox + "/processed").count == onTime.count
            }
            let scans = try await client.withCatalog(logger: logger) { try await $0.scans(project: "ct") }
            XCTAssertEqual(scans.count, 1, "one volume, not one scan per slice:\n\(service.log)")
            let scan = try XCTUnwrap(scans.first)
            XCTAssertEqual(scan.workingShape, [onTime.count, 32, 32])
            XCTAssertEqual(try XCTUnwrap(scan.spacing)[0], 3.0, accuracy: 1e-3)
            XCTAssertEqual(scan.modality, "CT")
            XCTAssertEqual(scan.instanceUIDs.count, onTime.count)

            // The late slice is reported and kept, never a stray 2-D scan.
            try FileManager.default.copyItem(atPath: late, toPath: stack.inbox + "/ct/study/late.dcm")
            try await eventually(timeout: 30, "the late slice is quarantined") {
                FileManager.default.fileExists(atPath: stack.inbox + "/failed/ct/study/late.dcm.error.txt")
            }
            let reason = try String(contentsOfFile: stack.inbox + "/failed/ct/study/late.dcm.error.txt", encoding: .utf8)
            XCTAssertTrue(reason.contains("already ingested as a volume of 6 slices"), reason)
            let after = try await client.withCatalog(logger: logger) { try await $0.scans(project: "ct") }
            XCTAssertEqual(after.count, 1)

            // The whole series re-sent, as the report says: the partial volume is extended in place (same id,
            // seven slices) and embedded again; still one scan.
            try FileManager.default.createDirectory(atPath: stack.inbox + "/ct/resend", withIntermediateDirectories: true)
            for file in made.files {
                try FileManager.default.copyItem(atPath: file,
                                                 toPath: stack.inbox + "/ct/resend/" + (file as NSString).lastPathComponent)
            }
            try await eventually(timeout: 30, "the volume is extended") {
                try await client.withCatalog(logger: logger) { try await $0.scan(scan.id) }.instanceUIDs.count == made.files.count
            }
            let extended = try await client.withCatalog(logger: logger) { try await $0.scans(project: "ct") }
            XCTAssertEqual(extended.map(\.id), [scan.id], "extended, not a second scan")
            XCTAssertEqual(extended.first?.workingShape, [made.files.count, 32, 32])
            let embeds = try await scalar(client, "SELECT count(*)::bigint FROM jobs WHERE kind = 'embed'", as: Int64.self)
            XCTAssertEqual(embeds, 2, "the extended volume is embedded again")
            XCTAssertTrue(service.log.contains("volume extended by slices that came late"), service.log)

            // A re-send of what is held changes nothing.
            try FileManager.default.createDirectory(atPath: stack.inbox + "/ct/again", withIntermediateDirectories: true)
            for file in made.files {
                try FileManager.default.copyItem(atPath: file,
                                                 toPath: stack.inbox + "/ct/again/" + (file as NSString).lastPathComponent)
            }
            try await eventually(timeout: 30, "the re-send is taken") {
                ((try? FileManager.default.contentsOfDirectory(atPath: stack.inbox + "/ct/again")) ?? []).isEmpty
            }
            let final = try await client.withCatalog(logger: logger) { try await $0.scans(project: "ct") }
            XCTAssertEqual(final.map(\.instanceUIDs.count), [made.files.count])
            let embedsAfter = try await scalar(client, "SELECT count(*)::bigint FROM jobs WHERE kind = 'embed'", as: Int64.self)
            XCTAssertEqual(embedsAfter, 2)
            XCTAssertFalse(Self.files(under: stack.inbox + "/failed").contains { $0.hasPrefix("ct/again") })
        }
    }
}
