import Catalog
import Database
import Foundation
import Ingest
import PostgresNIO
import TestSupport
import XCTest

/// STOW-RS against the real ingest-service: authentication, size limit and the per-instance response.
final class STOWTests: XCTestCase {
    func testStoreInstancesAnswersPerInstanceAndIngestsTheValidOnes() async throws {
        let staging = try IngestFixtures.temporaryDirectory("stow")
        let valid = try (1...2).map {
            try IngestFixtures.reference(["instance", "\(staging)/\($0).dcm"], as: IngestFixtures.Instance.self)
        }
        let invalid = Array("this is not a DICOM file".utf8)
        let url = try await IngestFixtures.database(project: "ct")
        let maxBytes = 1 << 20
        let inbox = try IngestFixtures.temporaryDirectory("inbox")
        let (service, base) = try await IngestFixtures.stowService(url, inbox: inbox, environment: [
            "STOW_MAX_BYTES": "\(maxBytes)", "SCANSELECT_DEFAULT_PROJECT": "ct",
        ])
        let boundary = "stow-test-boundary"
        let contentType = "multipart/related; type=\"application/dicom\"; boundary=\(boundary)"
        func post(_ path: String, _ parts: [[UInt8]], token: String?, scheme: String = "Bearer",
                  type: String = contentType, body raw: [UInt8]? = nil) async throws -> HTTPExchange {
            var headers = ["Content-Type": type]
            if let token { headers["Authorization"] = "\(scheme) \(token)" }
            return try await HTTPExchange.send(try XCTUnwrap(URL(string: base + path)), method: "POST", headers: headers,
                                               body: raw ?? Multipart.body(parts, boundary: boundary))
        }
        let instances = try valid.map { try XCTUnwrap(FileManager.default.contents(atPath: $0.file)).map { $0 } }

        let anonymous = try await post("/studies", instances, token: nil)
        XCTAssertEqual(anonymous.status, 401)
        let wrong = try await post("/studies", instances, token: "s3creT")
        XCTAssertEqual(wrong.status, 401)
        let tooLarge = try await post("/studies", [[UInt8](repeating: 0, count: maxBytes + 1)], token: "s3cret")
        XCTAssertEqual(tooLarge.status, 413)
        let longer = try await post("/studies", instances, token: "s3cret-and-more")
        XCTAssertEqual(longer.status, 401)
        let malformed = try await post("/studies", [], token: "s3cret", body: Array("no parts here".utf8))
        XCTAssertEqual(malformed.status, 400, "a multipart body that does not parse is a bad request")
        let notMultipart = try await post("/studies", [], token: "s3cret", type: "application/dicom", body: instances[0])
        XCTAssertEqual(notMultipart.status, 415, "only another media type is unsupported")

        let mixed = try await post("/projects/ct/studies", instances + [invalid], token: "s3cret")
        XCTAssertEqual(mixed.status, 202, String(decoding: mixed.body, as: UTF8.self))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(mixed.body)) as? [String: Any])
        let stored = try XCTUnwrap((json["00081199"] as? [String: Any])?["Value"] as? [[String: Any]])
        let storedUIDs = stored.compactMap { (($0["00081155"] as? [String: Any])?["Value"] as? [String])?.first }
        XCTAssertEqual(Set(storedUIDs), Set(valid.map(\.sop_instance_uid)))
        let storedClasses = stored.compactMap { (($0["00081150"] as? [String: Any])?["Value"] as? [String])?.first }
        XCTAssertEqual(storedClasses, valid.map(\.sop_class_uid))
        let failed = try XCTUnwrap((json["00081198"] as? [String: Any])?["Value"] as? [[String: Any]])
        XCTAssertEqual(failed.count, 1)
        XCTAssertEqual((failed[0]["00081197"] as? [String: Any])?["Value"] as? [Int], [Int(STOWResponse.Reason.cannotUnderstand)])

        let allFailed = try await post("/studies?project=ct", [invalid], token: "s3cret")
        XCTAssertEqual(allFailed.status, 409)
        // Not an image to annotate: refused with its class, instance UID and "SOP Class not supported".
        let rtDose = try XCTUnwrap(FileManager.default.contents(atPath: Self.pydicomFiles + "/rtdose.dcm")).map { $0 }
        let nonImage = try await post("/studies", [rtDose], token: "s3cret")
        XCTAssertEqual(nonImage.status, 409)
        let refused = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(nonImage.body)) as? [String: Any])
        let refusedItem = try XCTUnwrap(((refused["00081198"] as? [String: Any])?["Value"] as? [[String: Any]])?.first)
        XCTAssertEqual((refusedItem["00081197"] as? [String: Any])?["Value"] as? [Int], [Int(STOWResponse.Reason.sopClassNotSupported)])
        XCTAssertEqual(((refusedItem["00081150"] as? [String: Any])?["Value"] as? [String])?.first, "1.2.840.10008.5.1.4.1.1.481.2")
        XCTAssertNotNil(((refusedItem["00081155"] as? [String: Any])?["Value"] as? [String])?.first)
        // Nothing refused is lost: each refused part is in the quarantine, byte for byte, with its reason.
        let quarantine = inbox + "/failed/ct/stow"
        let kept = try FileManager.default.contentsOfDirectory(atPath: quarantine).filter { $0.hasSuffix(".dcm") }
        let keptBytes = try kept.map { try XCTUnwrap(FileManager.default.contents(atPath: quarantine + "/" + $0)).map { $0 } }
        XCTAssertEqual(Set(keptBytes), Set([invalid, rtDose]), "the not-DICOM part (twice refused, kept twice) and the RT Dose")
        XCTAssertEqual(kept.count, 3)
        let reasons = try kept.map { try String(contentsOfFile: quarantine + "/" + $0 + ".error.txt", encoding: .utf8) }
        XCTAssertTrue(reasons.contains { $0.contains("not an image to annotate") }, "\(reasons)")
        XCTAssertTrue(kept.allSatisfy { UUID(uuidString: String($0.dropLast(4))) != nil }, "names carry nothing of the instance: \(kept)")

        let allStored = try await post("/studies", [instances[0]], token: "s3cret", scheme: "bearer")
        XCTAssertEqual(allStored.status, 200, "default project from SCANSELECT_DEFAULT_PROJECT; the scheme is case-insensitive")
        let unknown = try await post("/projects/nope/studies", [instances[0]], token: "s3cret")
        XCTAssertEqual(unknown.status, 404)

        try await withClient(url) { client, _ in
            try await eventually(timeout: 30, "the stored instances are ingested") {
                try await scalar(client, "SELECT count(*)::bigint FROM scans", as: Int64.self) == 2
            }
            let uids = try await IngestFixtures.rows(client, "SELECT instance_uids[1] FROM scans", as: String.self)
            XCTAssertEqual(Set(uids), Set(valid.map(\.sop_instance_uid)))
        }
        // The database gone: the push is answered 503 with Retry-After within the deadline, not held until the
        // PACS gives up.
        let server = try await TestDatabase.shared.serverURL()
        try await withClient(server) { client, logger in
            try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE \(url.database) WITH (FORCE)"), logger: logger)
        }
        let started = Date()
        let outage = try await post("/projects/ct/studies", [instances[0]], token: "s3cret")
        XCTAssertEqual(outage.status, 503, String(decoding: outage.body, as: UTF8.self))
        XCTAssertEqual(outage.headers["retry-after"], "30")
        XCTAssertLessThan(Date().timeIntervalSince(started), 15)
        XCTAssertTrue(service.process.isRunning)
    }
}

extension STOWTests {
    static let pydicomFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files"
}
