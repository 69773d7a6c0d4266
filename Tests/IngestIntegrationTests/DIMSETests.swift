import Database
import Foundation
import Ingest
import PostgresNIO
import TestFixtures
import TestSupport
import XCTest

/// The DIMSE door against real peers: DCMTK's echoscu and storescu, Orthanc as the SCU, and a peer that breaks
/// the protocol on purpose; the ingest-service runs as in production.
final class DIMSETests: XCTestCase {
    /// Runs a DCMTK tool; its exit status and the end of its output.
    private static func tool(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Prerequisite.executable(name))
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, String(output.suffix(2000)))
    }

    func testEchoStoreRefusalsMisbehaviourAndOrthancAsTheSCU() async throws {
        let staging = try IngestFixtures.temporaryDirectory("dimse")
        let series = try (0..<3).map {
            try IngestFixtures.reference(["series", "\(staging)/series\($0)", "5", "2.5"], as: IngestFixtures.Series.self)
        }
        let mixed = try IngestFixtures.reference(["mixed_study", "\(staging)/mixed"], as: OrthancSTOWTests.MixedStudy.self)
        let url = try await IngestFixtures.database(project: "ct")
        let port = try LocalPostgres.freePort()
        let inbox = try IngestFixtures.temporaryDirectory("inbox")
        let service = try ServiceProcess("ingest-service", database: url, store: try IngestFixtures.temporaryDirectory("store"),
                                         environment: [
            "SCANSELECT_INBOX": inbox, "INBOX_SCAN_MS": "100", "SERIES_QUIET_MS": "500", "DIMSE_PORT": "\(port)",
            "DIMSE_HOST": "127.0.0.1", "DIMSE_AE_TITLE": "SCANSELECT", "DIMSE_ALLOWED_AE_TITLES": "STORESCU,ORTHANC",
            "DIMSE_PROJECT": "ct", "DIMSE_ARTIM_SECONDS": "2",
        ])
        let address = ["127.0.0.1", "\(port)"]
        try await eventually(timeout: 30, "the DIMSE port answers C-ECHO") {
            (try? Self.tool("echoscu", ["-aet", "STORESCU", "-aec", "SCANSELECT"] + address))?.status == 0
        }
        let stranger = try Self.tool("echoscu", ["-aet", "STRANGER", "-aec", "SCANSELECT"] + address)
        XCTAssertNotEqual(stranger.status, 0, "an AE title not on the allow-list is rejected")
        XCTAssertTrue(stranger.output.contains("Rejected") || stranger.output.contains("rejected"), stranger.output)
        let misdirected = try Self.tool("echoscu", ["-aet", "STORESCU", "-aec", "ELSEWHERE"] + address)
        XCTAssertNotEqual(misdirected.status, 0, "a called AE title that is not ours is rejected")

        // Three series of five slices at once over three associations, then each JPEG-family syntax in an
        // association that proposes it (storescu's -x? options; it has none for process 14 with a predictor other than 1, .4.57).
        // The third series goes compressed (JPEG Lossless SV1, as CT archives hold it), proposed as such.
        var lossless: [String] = []
        for file in series[2].files {
            let target = file.replacingOccurrences(of: ".dcm", with: "-sv1.dcm")
            XCTAssertEqual(try Self.tool("dcmcjpeg", ["+e1", file, target]).status, 0)
            lossless.append(target)
        }
        let pushes = [series[0].files, series[1].files, lossless]
        let started = pushes.enumerated().map { index, files in
            Task.detached {
                try Self.tool("storescu", (index == 2 ? ["-xs"] : []) + ["-aet", "STORESCU", "-aec", "SCANSELECT"] + address + files)
            }
        }
        for task in started {
            let result = try await task.value
            XCTAssertEqual(result.status, 0, result.output)
        }
        let proposal = ["1.2.840.10008.1.2.1": "-xe", "1.2.840.10008.1.2.4.50": "-xy", "1.2.840.10008.1.2.4.51": "-xx",
                        "1.2.840.10008.1.2.4.70": "-xs", "1.2.840.10008.1.2.4.80": "-xt", "1.2.840.10008.1.2.4.81": "-xu",
                        "1.2.840.10008.1.2.4.90": "-xv", "1.2.840.10008.1.2.4.91": "-xw"]
        let sendable = mixed.images.filter { proposal[$0.transfer_syntax] != nil }
        XCTAssertEqual(sendable.count, 8)
        for image in sendable {
            let flag = try XCTUnwrap(proposal[image.transfer_syntax])
            let result = try Self.tool("storescu", [flag, "-aet", "STORESCU", "-aec", "SCANSELECT"] + address + [image.file])
            XCTAssertEqual(result.status, 0, "\(image.transfer_syntax): \(result.output)")
        }
        // Non-images: their storage classes are refused in negotiation (the SEG's class is accepted, but this one is a
        // CT data set under the SEG class, refused when stored), so none of them is ingested.
        let refused = try Self.tool("storescu", ["-aet", "STORESCU", "-aec", "SCANSELECT"] + address + mixed.refused.map(\.file))
        XCTAssertTrue(refused.output.contains("no presentation context") || refused.output.contains("No presentation context")
                      || refused.status != 0, refused.output)

        // pynetdicom as a scripted SCU: the status of each kind of store, as a modality would see it.
        let scripted = try Python.runScript("Tests/IngestReference/dimse_scu.py", module: "pynetdicom",
                                            arguments: ["\(port)", "SCANSELECT", "STORESCU", series[0].files[0], lossless[0]])
        let statuses = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(scripted.utf8)) as? [String: Any])
        XCTAssertEqual(statuses["echo"] as? Int, 0, "\(statuses)")
        XCTAssertEqual(statuses["ct"] as? Int, 0, "an instance already stored is stored again (deduplicated later)")
        XCTAssertEqual(statuses["lossless"] as? Int, 0)
        XCTAssertEqual(statuses["corrupt"] as? Int, 0xC000, "a data set that does not decode: cannot understand")
        XCTAssertEqual(statuses["seg"] as? Int, 0x0122, "a SEG that does not read as one: SOP class not supported")
        let corruptUID = try XCTUnwrap(statuses["corrupt_uid"] as? String)

        // A peer breaking the protocol gets an A-ABORT (or, for garbage before any association, a closed socket);
        // half a data set never lands.
        let misbehaviour = try Python.runScript("Tests/IngestReference/dimse_misbehave.py", module: "json",
                                                arguments: ["\(port)", "SCANSELECT", "STORESCU"])
        let answers = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(misbehaviour.utf8)) as? [String: String])
        for name in ["p_data_before_association", "oversized_pdu", "malformed_associate", "unknown_pdu_type",
                     "dataset_without_command"] {
            XCTAssertEqual(answers[name], "0x07", "\(name): \(answers)")
        }
        XCTAssertTrue(["0x07", "closed"].contains(answers["garbage"] ?? ""), "\(answers)")
        XCTAssertEqual(answers["half_sent_then_gone"], "left")

        // Orthanc as the SCU: our AE declared as a modality, then a store through its REST API.
        let orthanc = try OrthancServer(dicomAETitle: "ORTHANC", modalities: ["scanselect": ["SCANSELECT", "127.0.0.1", port]])
        try await orthanc.waitUntilReady()
        let single = try IngestFixtures.reference(["instance", "\(staging)/orthanc.dcm"], as: IngestFixtures.Instance.self)
        let identifier = try await orthanc.upload(single.file)
        let push = try await orthanc.call("/modalities/scanselect/store", method: "POST", json: ["Resources": [identifier]])
        XCTAssertEqual(push.status, 200, String(decoding: push.body, as: UTF8.self))

        let expectedInstances = series.count + sendable.count + 1
        try await withClient(url) { client, _ in
            try await eventually(timeout: 60, "every series and instance is ingested") {
                try await scalar(client, "SELECT count(*)::bigint FROM scans", as: Int64.self) == Int64(expectedInstances)
            }
            let depths = try await IngestFixtures.rows(client, "SELECT cardinality(instance_uids)::bigint FROM scans", as: Int64.self)
            XCTAssertEqual(depths.filter { $0 == 5 }.count, series.count, "each series of five slices became one volume")
            let uids = Set(try await IngestFixtures.rows(client, "SELECT unnest(instance_uids) FROM scans", as: String.self))
            XCTAssertTrue(Set(sendable.map(\.sop_instance_uid)).isSubset(of: uids))
            XCTAssertTrue(uids.contains(single.sop_instance_uid))
            XCTAssertFalse(uids.contains("1.2.3.4"), "the half-sent instance never lands")
            XCTAssertFalse(uids.contains(corruptUID), "the corrupt one is quarantined, not ingested")
        }
        let echo = try Self.tool("echoscu", ["-aet", "STORESCU", "-aec", "SCANSELECT"] + address)
        XCTAssertEqual(echo.status, 0, "the service keeps serving after all that")
        XCTAssertTrue(service.process.isRunning)
    }
}
