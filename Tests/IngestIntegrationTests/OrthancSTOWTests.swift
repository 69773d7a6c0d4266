import Database
import Foundation
import Ingest
import PostgresNIO
import TestSupport
import XCTest

/// Orthanc as the real STOW-RS client: its DICOMweb plugin pushes a mixed study (uncompressed, every JPEG-family
/// syntax, a SEG, an RT Dose and an SR) to the ingest-service with a bearer token, as a PACS would.
final class OrthancSTOWTests: XCTestCase {
    struct MixedStudy: Decodable {
        struct Entry: Decodable {
            let file: String
            let sop_instance_uid: String
            let sop_class_uid: String
            let transfer_syntax: String
        }
        let study_uid: String
        let images: [Entry]
        let refused: [Entry]
    }

    func testOrthancPushesAMixedStudyAndEveryImageIsStoredEveryNonImageRefused() async throws {
        let staging = try IngestFixtures.temporaryDirectory("mixed")
        let study = try IngestFixtures.reference(["mixed_study", staging], as: MixedStudy.self)
        XCTAssertEqual(Set(study.images.map(\.transfer_syntax)).count, 9, "uncompressed and eight compressed syntaxes")

        let url = try await IngestFixtures.database(project: "ct")
        let inbox = try IngestFixtures.temporaryDirectory("inbox")
        let (service, base) = try await IngestFixtures.stowService(url, inbox: inbox)
        let orthanc = try OrthancServer(dicomWebServers: [
            "scanselect": ["Url": base + "/projects/ct/", "HttpHeaders": ["Authorization": "Bearer s3cret"]],
        ])
        try await orthanc.waitUntilReady()
        var identifiers: [String] = []
        for entry in study.images + study.refused { identifiers.append(try await orthanc.upload(entry.file)) }

        let push = try await orthanc.call("/dicom-web/servers/scanselect/stow", method: "POST",
                                          json: ["Resources": identifiers, "Synchronous": true])
        let answer = String(decoding: push.body, as: UTF8.self)
        // Some instances were refused (the non-images), so the standard answer is 202 with a FailedSOPSequence,
        // which Orthanc's client reports as a failed push naming the refusal; nothing of it is silently lost.
        print("Orthanc's answer to the push: HTTP \(push.status): \(answer.prefix(1200))")
        XCTAssertNotEqual(push.status, 200, "a push with refused instances must not look wholly successful")
        // Orthanc read our per-instance answer (202 + FailedSOPSequence) and fails its job with the exact count.
        let log = try String(contentsOfFile: orthanc.logPath, encoding: .utf8)
        let total = study.images.count + study.refused.count
        XCTAssertTrue(log.contains("only able to receive \(study.images.count) instances out of \(total)"), log)

        try await withClient(url) { client, _ in
            try await eventually(timeout: 60, "every image of the study is ingested") {
                try await scalar(client, "SELECT count(*)::bigint FROM scans", as: Int64.self) == Int64(study.images.count)
            }
            let uids = try await IngestFixtures.rows(client, "SELECT instance_uids[1] FROM scans", as: String.self)
            XCTAssertEqual(Set(uids), Set(study.images.map(\.sop_instance_uid)))
            let failures = try await scalar(client, "SELECT count(*)::bigint FROM scans WHERE state = 'failed'", as: Int64.self)
            XCTAssertEqual(failures, 0)
        }
        // The images alone again: every instance accepted, so Orthanc's push succeeds.
        let imagesOnly = try await orthanc.call("/dicom-web/servers/scanselect/stow", method: "POST",
                                                json: ["Resources": Array(identifiers.prefix(study.images.count)),
                                                       "Synchronous": true])
        XCTAssertEqual(imagesOnly.status, 200, String(decoding: imagesOnly.body, as: UTF8.self))
        let quarantine = inbox + "/failed/ct/stow"
        let reasons = try FileManager.default.contentsOfDirectory(atPath: quarantine).filter { $0.hasSuffix(".error.txt") }
            .map { try String(contentsOfFile: quarantine + "/" + $0, encoding: .utf8) }
        XCTAssertEqual(reasons.count, study.refused.count, "each non-image is kept with its reason")
        for entry in study.refused {
            XCTAssertTrue(reasons.contains { $0.contains(entry.sop_class_uid) }, "\(entry.sop_class_uid) in \(reasons)")
        }
        XCTAssertTrue(service.process.isRunning)
    }
}
