import Database
import Foundation
import Ingest
import PostgresNIO
import TestSupport
import XCTest

/// A STOW-RS push much larger than the service's memory use: its body is streamed to disk part by part and the
/// parts are decoded a few at a time, so the ingest-service's peak RSS stays far below the request's size (the
/// body used to be collected whole and copied three to four times).
final class STOWStreamingTests: XCTestCase {
    func testALargePushIsStreamedToDiskNotHeldInMemory() async throws {
        let staging = try IngestFixtures.temporaryDirectory("stow-large")
        let valid = try (1...2).map {
            try IngestFixtures.reference(["instance", "\(staging)/\($0).dcm"], as: IngestFixtures.Instance.self)
        }
        let url = try await IngestFixtures.database(project: "ct")
        let inbox = try IngestFixtures.temporaryDirectory("inbox")
        let (service, base) = try await IngestFixtures.stowService(url, inbox: inbox, environment: [
            "STOW_MAX_BYTES": "\(1 << 30)", "DECODE_CONCURRENCY": "2",
        ])
        // 2 instances and 50 parts of 4 MiB that are not DICOM: 200 MiB in one request.
        let instances = try valid.map { try XCTUnwrap(FileManager.default.contents(atPath: $0.file)).map { $0 } }
        let filler = (0..<50).map { index in [UInt8](repeating: UInt8(0x41 + index % 26), count: 4 << 20) }
        let boundary = "stow-streaming-boundary"
        let body = Multipart.body(instances + filler, boundary: boundary)
        XCTAssertGreaterThan(body.count, 200 << 20)
        let answer = try await HTTPExchange.send(try XCTUnwrap(URL(string: base + "/projects/ct/studies")), method: "POST",
                                                 headers: ["Content-Type": "multipart/related; type=\"application/dicom\"; boundary=\(boundary)",
                                                           "Authorization": "Bearer s3cret"], body: body)
        XCTAssertEqual(answer.status, 202, String(decoding: answer.body, as: UTF8.self))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])
        XCTAssertEqual(((json["00081199"] as? [String: Any])?["Value"] as? [Any])?.count, 2)
        XCTAssertEqual(((json["00081198"] as? [String: Any])?["Value"] as? [Any])?.count, 50)

        let status = try String(contentsOfFile: "/proc/\(service.process.processIdentifier)/status", encoding: .utf8)
        let peak = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") })
        let kilobytes = try XCTUnwrap(Int(peak.split(separator: " ", omittingEmptySubsequences: true)[1]))
        print("ingest-service peak RSS after a \(body.count >> 20) MiB STOW-RS push: \(kilobytes / 1024) MiB")
        XCTAssertLessThan(kilobytes, 150 << 10, "peak RSS stays under 150 MiB for a 200 MiB request")

        let spool = (try? FileManager.default.contentsOfDirectory(atPath: inbox + "/.stow-spool")) ?? []
        XCTAssertEqual(spool, [], "the request's spool is removed once it is answered")
        let kept = try FileManager.default.contentsOfDirectory(atPath: inbox + "/failed/ct/stow").filter { $0.hasSuffix(".dcm") }
        XCTAssertEqual(kept.count, 50, "every refused part is kept")
        try await withClient(url) { client, _ in
            try await eventually(timeout: 30, "the two instances are ingested") {
                try await scalar(client, "SELECT count(*)::bigint FROM scans", as: Int64.self) == 2
            }
        }
        XCTAssertTrue(service.process.isRunning)
    }
}
