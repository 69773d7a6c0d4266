import Catalog
import Database
import Foundation
import Imaging
import Ingest
import PostgresNIO
import SafeTensors
import TensorStore
import TestFixtures
import TestSupport
import WriteBack
import XCTest

/// A round's SEG pre-annotations go back to a real Orthanc over STOW-RS, completed with the patient and study
/// attributes Orthanc holds (the catalog holds none), and Orthanc files them under the source study.
final class SEGWriteBackTests: XCTestCase {
    struct Sources: Decodable {
        let dx: String
        let ct: [String]
    }

    func testSEGsAreStoredInOrthancUnderTheSourceStudyAndEverySendIsRecorded() async throws {
        let (directory, sources, url, store) = try await Self.fixture("writeback")
        let orthanc = try OrthancServer()
        try await orthanc.waitUntilReady()
        let destination = DICOMwebClient(base: orthanc.dicomweb)

        try await withClient(url) { client, logger in
            let (scans, study, seriesUID) = try await Self.recordRoundOne(sources, client: client, store: store, logger: logger)
            let exporter = SEGExporter(client: client, store: store, destination: destination, logger: logger)

            // Before the PACS holds the study there is nothing to file the SEGs under: refused, recorded, nothing sent.
            let early = try await exporter.export(project: "wb", round: 1)
            XCTAssertEqual(early.map(\.state), [.failed, .failed])
            XCTAssert(early.allSatisfy { $0.error?.contains("is not on") == true }, "\(early)")

            // Then as the queued `export` job of the real ingest-service (`activeLearning.exportTo` queues it with each
            // round's picks; `scanselect export --queue` by hand): it fails while the study is missing, waits out its
            // backoff with the PACS's reason as its last error, and stores both once the sources have arrived.
            let service = try ServiceProcess("ingest-service", database: url, store: store.root,
                                             environment: ["POLL_INTERVAL_MS": "100", "RETRY_BASE_MS": "500"])
            defer { service.signal(SIGTERM) }
            try await client.withCatalogTransaction(logger: logger) { catalog in
                try await catalog.enqueueExport(project: "wb", ExportPayload(round: 1, destination: orthanc.dicomweb), key: nil)
            }
            try await eventually(timeout: 60, "the export job's first attempt fails and it waits to be retried") {
                try await scalar(client, """
                    SELECT count(*)::bigint FROM jobs WHERE kind = 'export' AND state = 'queued' AND attempts >= 1
                      AND last_error LIKE '%2 of 2 SEG(s) not stored%is not on%'
                    """, as: Int64.self) == 1
            }
            for file in sources.ct + [sources.dx] { try await orthanc.upload(file) }
            try await eventually(timeout: 90, "the retried export job stores both SEGs") {
                try await scalar(client, "SELECT count(*)::bigint FROM jobs WHERE kind = 'export' AND state = 'done'",
                                 as: Int64.self) == 1
            }
            let sent = try await scalar(client, """
                SELECT string_agg(sop_instance_uid, ',') FROM exports WHERE project_id = 'wb' AND round = 1 AND state = 'stored'
                """, as: String.self).split(separator: ",").map(String.init)
            XCTAssertEqual(sent.count, 2)
            let states = try await scalar(client, """
                SELECT string_agg(state, ',' ORDER BY id) FROM exports WHERE project_id = 'wb' AND round = 1
                """, as: String.self)
            XCTAssertTrue(states.hasPrefix("failed,failed,failed,failed"), "the hand send and the job's first attempt: \(states)")
            XCTAssertTrue(states.hasSuffix(",stored,stored"), states)
            // A retry sends only what the destination has not stored: the job's last run stored exactly the two.
            XCTAssertEqual(states.components(separatedBy: "stored").count - 1, 2)

            // Orthanc's own DICOMweb returns both SEGs in the model's series of the source study, with the patient
            // attributes Orthanc holds, and files them under the same patient and study as the sources.
            let segSeries = try await destination.series(study: study, query: [("Modality", "SEG")])
            XCTAssertEqual(segSeries.map(\.series), [seriesUID])
            let instances = try await destination.retrieve(try XCTUnwrap(segSeries.first))
            XCTAssertEqual(Set(try instances.map { try DICOMReader.readHeader($0).sopInstanceUID }), Set(sent))
            let metadata = try await orthanc.call("/dicom-web/studies/\(study)/series/\(seriesUID)/metadata")
            let objects = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(metadata.body)) as? [[String: Any]])
            for object in objects {
                XCTAssertEqual(((object["00100020"] as? [String: Any])?["Value"] as? [String])?.first, "PID-0001")
                XCTAssertEqual(((object["00080060"] as? [String: Any])?["Value"] as? [String])?.first, "SEG")
            }
            let patients = try JSONSerialization.jsonObject(with: Data(try await orthanc.call("/patients").body)) as? [Any]
            let studies = try JSONSerialization.jsonObject(with: Data(try await orthanc.call("/studies").body)) as? [Any]
            XCTAssertEqual(patients?.count, 1, "the SEGs joined the sources' patient")
            XCTAssertEqual(studies?.count, 1, "and their study")

            // The loop closes: the SEGs as the annotator's viewer gets them from Orthanc come back as labels of
            // their scans, pixel for pixel what was sent, and complete the open round, whose training starts.
            try await client.withCatalogTransaction(logger: logger) { catalog in
                _ = try await catalog.recordColdStart(
                    project: "wb", run: ClusterRun(encoder: "test", weightsChecksum: "none", space: "map", k: 1, silhouetteCurveJSON: "[]",
                                                   points: scans.map { MapPoint(scanID: $0, x: 0, y: 0, cluster: 0) }),
                    strategy: "paper", picks: scans.map { SelectionEntry(scanID: $0, score: nil, reason: "test pick", cluster: 0) })
            }
            let importer = LabelImporter(client: client, store: store, logger: logger)
            for (index, bytes) in instances.enumerated() {
                let path = directory + "/from-orthanc-\(index).dcm"
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                let imported = try await importer.importLabel(file: path, project: "wb")
                XCTAssert(scans.contains(imported.scanID))
                let scan = try await client.withCatalog(logger: logger) { try await $0.scan(imported.scanID) }
                let label = try await client.withCatalog(logger: logger) { catalog in
                    try await catalog.currentLabels(project: "wb").first { $0.scanID == imported.scanID }
                }
                let mask = try store.read(try XCTUnwrap(label?.originalTensorPath)).uint8(ScanTensorKey.originalMask)
                XCTAssertEqual(mask, (0..<mask.count).map { UInt8($0 % 7 == 0 ? 1 : 0) }, scan.modality)
            }
            let trainJobs = try await scalar(client, "SELECT count(*)::bigint FROM jobs WHERE kind = 'train' AND project_id = 'wb'",
                                             as: Int64.self)
            XCTAssertEqual(trainJobs, 1, "labels from the PACS's SEGs start the next model's training")
        }
    }

    /// A CT series and a radiograph made by pydicom (seg_peer.py), a database with project `wb`, a store.
    static func fixture(_ name: String) async throws -> (directory: String, sources: Sources, url: DatabaseURL, store: TensorStore) {
        let directory = try IngestFixtures.temporaryDirectory(name)
        let sources = try JSONDecoder().decode(Sources.self, from: Data(
            try Python.runScript("Tests/RoundsReference/seg_peer.py", module: "highdicom", arguments: ["make", directory]).utf8))
        return (directory, sources, try await IngestFixtures.database(project: "wb"),
                try TensorStore(root: try IngestFixtures.temporaryDirectory("store")))
    }

    /// Round 1's pre-annotations of a CT series and a radiograph, as the selector records them: each a SEG of a
    /// known mask (every seventh pixel), in one model series. Returns the scans, their study and that series.
    static func recordRoundOne(_ sources: Sources, client: PostgresClient, store: TensorStore,
                               logger: Logger) async throws -> (scans: [UUID], study: String, series: String) {
        let ingestor = Ingestor(client: client, store: store, logger: logger)
        let scans = [try await ingestor.ingest(series: sources.ct, project: "wb").id,
                     try await ingestor.ingest(file: sources.dx, project: "wb").id]
        let seriesUID = DICOMUID.make()
        var study = ""
        try await client.withCatalogTransaction(logger: logger) { catalog in
            let model = try await catalog.insertModel(project: "wb", round: 0, checkpointPath: "unused", labelled: [],
                                                      validationJSON: "{}", curveJSON: "[]", seconds: 0)
            var rows: [PreAnnotationRow] = []
            for id in scans {
                let scan = try await catalog.scan(id)
                let reference = try JSONDecoder().decode(DICOMSourceReference.self,
                                                         from: Data(try XCTUnwrap(scan.dicomReferenceJSON).utf8))
                study = reference.studyInstanceUID
                let mask = (0..<(reference.slices.count * reference.rows * reference.columns)).map { UInt8($0 % 7 == 0 ? 1 : 0) }
                let seg = try DICOMSegmentation(
                    mask: mask, reference: reference, segments: [.init(number: 1, labelValue: 1, label: "label 1")],
                    provenance: .init(seriesInstanceUID: seriesUID, seriesNumber: 9001, seriesDescription: "test",
                                      algorithmName: "ScanSelect U-Net", algorithmVersion: "wb round 0", created: Date()))
                let path = "preannotations/wb/round-1/\(id.uuidString.lowercased()).seg.dcm"
                try store.write(bytes: seg.bytes, to: path)
                rows.append(PreAnnotationRow(scanID: id, modelID: model, outcome: .written(
                    format: "seg", path: path, labelledPixelsJSON: "{}", sopInstanceUID: seg.sopInstanceUID)))
            }
            try await catalog.recordPreAnnotations(project: "wb", round: 1, rows)
        }
        return (scans, study, seriesUID)
    }

    /// The same round over DIMSE, for a PACS without DICOMweb: C-FIND for the study's patient attributes, then
    /// C-STORE, to Orthanc's own DICOM port.
    func testSEGsGoBackOverDIMSEWithTheStudyFoundByCFIND() async throws {
        let (_, sources, url, store) = try await Self.fixture("writeback-dimse")
        // Orthanc answers C-FIND only for peers it knows: ScanSelect's AE title is registered as a modality.
        let orthanc = try OrthancServer(dicomAETitle: "PACS", modalities: ["scanselect": ["SCANSELECT", "127.0.0.1", 11112]])
        try await orthanc.waitUntilReady()
        let peer = DIMSEPeer(aeTitle: "PACS", host: "127.0.0.1", port: orthanc.dicomPort)
        XCTAssertEqual(DIMSEPeer(parsing: "dimse://PACS@127.0.0.1:\(orthanc.dicomPort)"), peer)
        XCTAssertNil(DIMSEPeer(parsing: "PACS@127.0.0.1"), "a port is required")
        XCTAssertNil(DIMSEPeer(parsing: "WAY-TOO-LONG-AE-TITLE@h:104"), "AE titles are at most 16 characters")
        let destination = try SEGDestinations.make(peer.description, credentials: .none, callingAETitle: "SCANSELECT")
        XCTAssertEqual(destination.name, "dimse://PACS@127.0.0.1:\(orthanc.dicomPort)")

        try await withClient(url) { client, logger in
            let (_, study, seriesUID) = try await Self.recordRoundOne(sources, client: client, store: store, logger: logger)
            let exporter = SEGExporter(client: client, store: store, destination: destination, logger: logger)
            let early = try await exporter.export(project: "wb", round: 1)
            XCTAssertEqual(early.map(\.state), [.failed, .failed])
            XCTAssert(early.allSatisfy { $0.error?.contains("is not on dimse://PACS@") == true }, "C-FIND found no study: \(early)")

            for file in sources.ct + [sources.dx] { try await orthanc.upload(file) }
            let sent = try await exporter.export(project: "wb", round: 1)
            XCTAssertEqual(sent.map(\.state), [.stored, .stored], "\(sent)")
            let recorded = try await scalar(client, """
                SELECT string_agg(DISTINCT destination, ',') FROM exports WHERE project_id = 'wb' AND round = 1
                """, as: String.self)
            XCTAssertEqual(recorded, destination.name)

            let web = DICOMwebClient(base: orthanc.dicomweb)
            let segSeries = try await web.series(study: study, query: [("Modality", "SEG")])
            XCTAssertEqual(segSeries.map(\.series), [seriesUID], "both SEGs in the model's series of the source study")
            let metadata = try await orthanc.call("/dicom-web/studies/\(study)/series/\(seriesUID)/metadata")
            let objects = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(metadata.body)) as? [[String: Any]])
            XCTAssertEqual(objects.count, 2)
            for object in objects {
                XCTAssertEqual(((object["00100020"] as? [String: Any])?["Value"] as? [String])?.first, "PID-0001",
                               "the patient ID C-FIND returned was written into the SEG")
            }
            let patients = try JSONSerialization.jsonObject(with: Data(try await orthanc.call("/patients").body)) as? [Any]
            XCTAssertEqual(patients?.count, 1, "the SEGs joined the sources' patient")
        }
    }

    /// A SEG a PACS pushes over STOW-RS is a label, not a scan: the ingest-service hands it to the drop folder's
    /// labels, where it is matched to its scan by the instances it references.
    func testASEGPushedOverSTOWBecomesTheLabelOfItsScan() async throws {
        let directory = try IngestFixtures.temporaryDirectory("stow-seg")
        let sources = try JSONDecoder().decode(Sources.self, from: Data(
            try Python.runScript("Tests/RoundsReference/seg_peer.py", module: "highdicom", arguments: ["make", directory]).utf8))
        let url = try await IngestFixtures.database(project: "ct")
        let port = try LocalPostgres.freePort()
        let storeRoot = try IngestFixtures.temporaryDirectory("store")
        let service = try ServiceProcess("ingest-service", database: url, store: storeRoot, environment: [
            "SCANSELECT_INBOX": try IngestFixtures.temporaryDirectory("inbox"), "INBOX_SCAN_MS": "100",
            "SERIES_QUIET_MS": "200", "HTTP_PORT": "\(port)", "HTTP_HOST": "127.0.0.1", "STOW_TOKEN": "s3cret",
        ])
        let base = "http://127.0.0.1:\(port)"
        try await eventually(timeout: 30, "the HTTP endpoint is up") {
            (try? await HTTPExchange.send(try XCTUnwrap(URL(string: base + "/healthz"))))?.status == 200
        }
        @Sendable func stow(_ parts: [[UInt8]]) async throws -> Int {
            let boundary = "seg-test"
            return try await HTTPExchange.send(
                try XCTUnwrap(URL(string: base + "/projects/ct/studies")), method: "POST",
                headers: ["Content-Type": "multipart/related; type=\"application/dicom\"; boundary=\(boundary)",
                          "Authorization": "Bearer s3cret"],
                body: Multipart.body(parts, boundary: boundary)).status
        }
        let series = try sources.ct.map { [UInt8](try XCTUnwrap(FileManager.default.contents(atPath: $0))) }
        let seriesStatus = try await stow(series)
        XCTAssertEqual(seriesStatus, 200)
        try await withClient(url) { client, logger in
            try await eventually(timeout: 60, "the series is ingested") {
                try await scalar(client, "SELECT count(*)::bigint FROM scans", as: Int64.self) == 1
            }
            let scan = try await client.withCatalog(logger: logger) { try await $0.scans(project: "ct") }[0]
            let reference = try JSONDecoder().decode(DICOMSourceReference.self,
                                                     from: Data(try XCTUnwrap(scan.dicomReferenceJSON).utf8))
            let mask = (0..<(reference.slices.count * reference.rows * reference.columns)).map { UInt8($0 % 9 == 0 ? 1 : 0) }
            let seg = try DICOMSegmentation(
                mask: mask, reference: reference, segments: [.init(number: 1, labelValue: 1, label: "label 1")],
                provenance: .init(seriesInstanceUID: DICOMUID.make(), seriesNumber: 9001, seriesDescription: "test",
                                  algorithmName: "viewer", algorithmVersion: "1", created: Date()))
            let segStatus = try await stow([seg.bytes])
            XCTAssertEqual(segStatus, 200, "a readable SEG is accepted")
            try await eventually(timeout: 60, "the SEG is imported as the scan's label") {
                try await scalar(client, "SELECT count(*)::bigint FROM labels", as: Int64.self) == 1
            }
            let label = try await client.withCatalog(logger: logger) { try await $0.currentLabels(project: "ct") }[0]
            XCTAssertEqual(label.scanID, scan.id)
            let store = try TensorStore(root: storeRoot)
            XCTAssertEqual(try store.read(try XCTUnwrap(label.originalTensorPath)).uint8(ScanTensorKey.originalMask), mask)
            let scans = try await scalar(client, "SELECT count(*)::bigint FROM scans", as: Int64.self)
            XCTAssertEqual(scans, 1, "the SEG did not become a scan")
        }
        XCTAssertTrue(service.process.isRunning)
    }

    /// Amending a stored SEG replaces only the given top-level elements and keeps the rest byte for byte.
    func testReplacingTopLevelElementsKeepsTheRest() throws {
        let original = DICOMPart10Writer.file(sopClassUID: "1.2", sopInstanceUID: "1.2.3", dataSet: [
            DICOMWriteElement(0x0010, 0x0020, .LO, ""), DICOMWriteElement(0x0020, 0x000D, .UI, "1.2.4"),
            DICOMWriteElement(0x0062, 0x0002, sequence: [[DICOMWriteElement(0x0062, 0x0005, .LO, "lung")]]),
        ])
        let amended = try DICOMPart10Writer.replacing([DICOMWriteElement(0x0010, 0x0020, .LO, "PID-7"),
                                                       DICOMWriteElement(0x0010, 0x0010, .PN, "A^B")], in: original, source: "t")
        let expected = DICOMPart10Writer.file(sopClassUID: "1.2", sopInstanceUID: "1.2.3", dataSet: [
            DICOMWriteElement(0x0010, 0x0010, .PN, "A^B"), DICOMWriteElement(0x0010, 0x0020, .LO, "PID-7"),
            DICOMWriteElement(0x0020, 0x000D, .UI, "1.2.4"),
            DICOMWriteElement(0x0062, 0x0002, sequence: [[DICOMWriteElement(0x0062, 0x0005, .LO, "lung")]]),
        ])
        XCTAssertEqual(amended, expected)
        XCTAssertThrowsError(try DICOMPart10Writer.replacing([], in: Array(original.dropLast(3)), source: "cut.dcm")) { error in
            XCTAssert("\(error)".contains("cut.dcm"), "\(error)")
        }
    }
}
