import Database
import Foundation
import Ingest
import TestFixtures
import TestSupport
import XCTest

/// Decode bombs through every door of the running ingest-service — drop folder, STOW-RS, DIMSE — are refused
/// and quarantined with the budget named, while the service's peak memory stays small.
final class DecodeBudgetDoorTests: XCTestCase {
    struct Bombs: Decodable {
        let tall: String
        let huge: String
        let frames: String
    }

    func testBombsAtEveryDoorAreQuarantinedAndPeakMemoryStaysSmall() async throws {
        let made = try IngestFixtures.temporaryDirectory("bombs")
        let output = try Python.runScript("Tests/ImagingReference/decode_bombs.py", module: "nibabel", arguments: [made])
        let bombs = try JSONDecoder().decode(Bombs.self, from: Data(output.utf8))
        let url = try await IngestFixtures.database(project: "ct")
        let inbox = try IngestFixtures.temporaryDirectory("inbox")
        let httpPort = try LocalPostgres.freePort(), dimsePort = try LocalPostgres.freePort()
        let service = try ServiceProcess("ingest-service", database: url, store: try IngestFixtures.temporaryDirectory("store"),
                                         environment: [
            "SCANSELECT_INBOX": inbox, "INBOX_SCAN_MS": "100", "SERIES_QUIET_MS": "200", "HTTP_PORT": "\(httpPort)",
            "HTTP_HOST": "127.0.0.1", "STOW_TOKEN": "s3cret", "DIMSE_PORT": "\(dimsePort)", "DIMSE_HOST": "127.0.0.1",
            "DIMSE_PROJECT": "ct",
        ])
        let base = "http://127.0.0.1:\(httpPort)"
        try await eventually(timeout: 30, "the HTTP endpoint is up") {
            (try? await HTTPExchange.send(try XCTUnwrap(URL(string: base + "/healthz"))))?.status == 200
        }
        try FileManager.default.createDirectory(atPath: inbox + "/ct", withIntermediateDirectories: true)
        for path in [bombs.tall, bombs.huge, bombs.frames] {
            try FileManager.default.copyItem(atPath: path, toPath: inbox + "/ct/" + URL(fileURLWithPath: path).lastPathComponent)
        }
        let frames = try XCTUnwrap(FileManager.default.contents(atPath: bombs.frames)).map { $0 }
        let boundary = "bomb-boundary"
        let stow = try await HTTPExchange.send(
            try XCTUnwrap(URL(string: base + "/projects/ct/studies")), method: "POST",
            headers: ["Content-Type": "multipart/related; type=\"application/dicom\"; boundary=\(boundary)",
                      "Authorization": "Bearer s3cret"],
            body: Multipart.body([frames], boundary: boundary))
        XCTAssertEqual(stow.status, 409, "the only instance was refused")
        let storescu = Process()
        storescu.executableURL = URL(fileURLWithPath: try Prerequisite.executable("storescu"))
        storescu.arguments = ["-xt", "-aec", "SCANSELECT", "127.0.0.1", "\(dimsePort)", bombs.frames]
        storescu.standardOutput = FileHandle.nullDevice
        storescu.standardError = FileHandle.nullDevice
        try storescu.run()
        storescu.waitUntilExit()

        @Sendable func reasons(_ folder: String) -> [String] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            return names.filter { $0.hasSuffix(".error.txt") }
                .compactMap { try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8) }
        }
        defer {
            print("quarantined: folder \(reasons(inbox + "/failed/ct").count), stow \(reasons(inbox + "/failed/ct/stow").count), "
                  + "dimse \(reasons(inbox + "/failed/ct/dimse").count)")
        }
        try await eventually(timeout: 60, "every bomb is quarantined") {
            reasons(inbox + "/failed/ct").count == 3 && reasons(inbox + "/failed/ct/stow").count == 1
                && reasons(inbox + "/failed/ct/dimse").count == 1
        }
        for reason in reasons(inbox + "/failed/ct") + reasons(inbox + "/failed/ct/stow") + reasons(inbox + "/failed/ct/dimse") {
            XCTAssertTrue(reason.contains("budget"), reason)
        }
        let status = try String(contentsOfFile: "/proc/\(service.process.processIdentifier)/status", encoding: .utf8)
        let peak = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") })
        let kilobytes = try XCTUnwrap(Int(peak.split(separator: " ", omittingEmptySubsequences: true)[1]))
        print("ingest-service peak RSS after the bombs: \(kilobytes / 1024) MiB")
        XCTAssertLessThan(kilobytes, 1 << 20, "peak RSS stays under 1 GiB (the bombs claim 3.6 GB to 64 GB)")
        XCTAssertTrue(service.process.isRunning)
    }
}
