import Catalog
import Database
import Foundation
import PostgresNIO
import TestSupport
import XCTest

/// A DICOM file full of patient-identifying attributes goes through the service; none of them may reach the
/// database, the tensor store or the logs.
final class PrivacyTests: XCTestCase {
    func testNoPatientAttributeReachesDatabaseStoreOrLogs() async throws {
        let marker = "ZQXPHI" + String(UUID().uuidString.prefix(6))
        let staging = try IngestFixtures.temporaryDirectory("phi")
        let phi = try IngestFixtures.reference(["phi", staging + "/instance.dcm", marker], as: IngestFixtures.PHIFile.self)
        XCTAssertEqual(phi.markers.count, 7)

        let url = try await IngestFixtures.database(project: "ct")
        let store = try IngestFixtures.temporaryDirectory("store")
        let inbox = try IngestFixtures.temporaryDirectory("inbox")
        let service = try ServiceProcess("ingest-service", database: url, store: store, environment: [
            "SCANSELECT_INBOX": inbox, "INBOX_SCAN_MS": "100", "SERIES_QUIET_MS": "200", "LOG_LEVEL": "trace",
        ])
        try FileManager.default.createDirectory(atPath: inbox + "/ct", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: phi.file, toPath: inbox + "/ct/instance.dcm")
        // Senders name folders after patients: neither the catalog nor the log may repeat such a name.
        let patientFolder = inbox + "/ct/\(marker)_DOE_JOHN"
        try FileManager.default.createDirectory(atPath: patientFolder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: IngestFixtures.cxr + "/images/001.png", toPath: patientFolder + "/chest.png")
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: patientFolder + "/broken.png"))
        try await withClient(url) { client, _ in
            try await eventually(timeout: 30, "the instance and the PNG are ingested, the broken file quarantined") {
                try await scalar(client, "SELECT count(*)::bigint FROM scans", as: Int64.self) == 2
                    && FileManager.default.fileExists(atPath: inbox + "/failed/ct/\(marker)_DOE_JOHN/broken.png.error.txt")
            }
            let names = try await IngestFixtures.rows(client, "SELECT source_ref FROM scans WHERE source_kind = 'png'", as: String.self)
            XCTAssertEqual(names, ["chest.png"], "a file is known by its name alone unless SOURCE_REF=relative")
            let uids = try await scalar(client, "SELECT instance_uids[1] FROM scans WHERE source_kind = 'dicom'", as: String.self)
            XCTAssertEqual(uids, phi.sop_instance_uid, "UIDs are kept deliberately")
        }
        service.signal(SIGTERM)
        _ = service.waitForExit(timeout: 20)
        for folder in ["/.claimed", "/failed", "/failed/ct"] {
            let mode = try FileManager.default.attributesOfItem(atPath: inbox + folder)[.posixPermissions] as? Int
            XCTAssertEqual(mode, 0o700, "\(folder) holds originals: only the service's user may read it")
        }

        let dump = try Self.pgDump(url)
        XCTAssertTrue(dump.contains(phi.sop_instance_uid), "the dump holds the scan (sanity check of the dump itself)")
        let stored = (FileManager.default.enumerator(atPath: store)?.allObjects as? [String] ?? []).compactMap {
            FileManager.default.contents(atPath: store + "/" + $0).map { String(decoding: $0, as: UTF8.self) }
        }.joined()
        XCTAssertFalse(stored.isEmpty)
        for value in phi.markers {
            XCTAssertFalse(dump.contains(value), "database dump contains '\(value)'")
            XCTAssertFalse(service.log.contains(value), "service log contains '\(value)'")
            XCTAssertFalse(stored.contains(value), "tensor store contains '\(value)'")
        }
        XCTAssertFalse(dump.contains(marker) || service.log.contains(marker) || stored.contains(marker))
    }

    /// `pg_dump` of the test database (the newest PostgreSQL's, else the one on PATH).
    static func pgDump(_ url: DatabaseURL) throws -> String {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        let candidates = versions.compactMap(Int.init).sorted().reversed().map { "/usr/lib/postgresql/\($0)/bin/pg_dump" }
            + ["/usr/bin/pg_dump", "/usr/local/bin/pg_dump"]
        guard let binary = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw TestSupportError(description: "pg_dump not found: install the PostgreSQL client (postgresql-client)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--data-only", "--inserts", "--dbname", url.string]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSupportError(description: "pg_dump exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
