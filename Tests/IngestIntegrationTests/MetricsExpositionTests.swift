import Database
import Foundation
import Ingest
import TestFixtures
import TestSupport
import XCTest

/// The ingest-service's /metrics, read by prometheus_client's parser: documented series present from start-up,
/// the doors counted per outcome and reason, the queue's depth sampled, job durations bucketed up to training
/// lengths.
final class MetricsExpositionTests: XCTestCase {
    struct Exposition: Decodable, Sendable {
        struct Family: Decodable, Sendable {
            let type: String
            let help: String
        }
        struct Sample: Decodable, Sendable {
            let name: String
            let labels: [String: String]
            let value: Double
        }
        let families: [String: Family]
        let samples: [Sample]

        func value(_ name: String, _ labels: [String: String]) -> Double? {
            samples.first { sample in
                sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
            }?.value
        }
    }

    func testMetricsAreDocumentedPresentFromStartAndCountTheDoorsAndTheQueue() async throws {
        let staging = try IngestFixtures.temporaryDirectory("metrics")
        let valid = try (1...2).map {
            try IngestFixtures.reference(["instance", "\(staging)/\($0).dcm"], as: IngestFixtures.Instance.self)
        }
        let url = try await IngestFixtures.database(project: "ct")
        let port = try LocalPostgres.freePort()
        let service = try ServiceProcess("ingest-service", database: url, store: try IngestFixtures.temporaryDirectory("store"),
                                         environment: [
            "SCANSELECT_INBOX": try IngestFixtures.temporaryDirectory("inbox"), "INBOX_SCAN_MS": "100",
            "SERIES_QUIET_MS": "200", "HTTP_PORT": "\(port)", "HTTP_HOST": "127.0.0.1", "STOW_TOKEN": "s3cret",
            "SCANSELECT_DEFAULT_PROJECT": "ct", "QUEUE_SAMPLE_MS": "200",
        ])
        let base = "http://127.0.0.1:\(port)"
        try await eventually(timeout: 30, "the HTTP endpoint is up") {
            (try? await HTTPExchange.send(try XCTUnwrap(URL(string: base + "/healthz"))))?.status == 200
        }
        @Sendable func scrape() async throws -> Exposition {
            let answer = try await HTTPExchange.send(try XCTUnwrap(URL(string: base + "/metrics")))
            XCTAssertEqual(answer.status, 200)
            let file = staging + "/metrics-\(UUID().uuidString).txt"
            try Data(answer.body).write(to: URL(fileURLWithPath: file))
            let json = try Python.runScript("Tests/IngestReference/parse_metrics.py", module: "prometheus_client",
                                            arguments: [file])
            return try JSONDecoder().decode(Exposition.self, from: Data(json.utf8))
        }

        let first = try await scrape()
        for family in ["scanselect_ingest_instances", "scanselect_ingest_received_bytes", "scanselect_ingest_quarantined",
                       "scanselect_queue_jobs", "scanselect_queue_oldest_age_seconds", "scanselect_jobs_claimed",
                       "scanselect_jobs_dead", "scanselect_job_duration_seconds"] {
            XCTAssertFalse(first.families[family]?.help.isEmpty ?? true, "\(family) is exported with # HELP before any event")
        }
        XCTAssertEqual(first.value("scanselect_ingest_instances_total", ["door": "dimse", "outcome": "refused",
                                                                         "reason": "notAnImage"]), 0)
        XCTAssertEqual(first.value("scanselect_jobs_dead_total", ["kind": "pull"]), 0)
        XCTAssertEqual(first.value("scanselect_job_duration_seconds_bucket", ["kind": "pull", "le": "7200.0"]), 0,
                       "job durations have a bucket at two hours")

        let instances = try valid.map { try XCTUnwrap(FileManager.default.contents(atPath: $0.file)).map { $0 } }
        let garbage = Array("this is not a DICOM file".utf8)
        let boundary = "metrics-boundary"
        let answer = try await HTTPExchange.send(try XCTUnwrap(URL(string: base + "/studies")), method: "POST", headers: [
            "Content-Type": "multipart/related; type=\"application/dicom\"; boundary=\(boundary)",
            "Authorization": "Bearer s3cret",
        ], body: Multipart.body(instances + [garbage], boundary: boundary))
        XCTAssertEqual(answer.status, 202)

        // The drop folder ingests the two stored instances (each a series of its own), which queues their embeddings.
        try await eventually(timeout: 30, "the series is ingested and its embed job sampled") {
            let now = try await scrape()
            return now.value("scanselect_ingest_instances_total", ["door": "drop-folder", "outcome": "accepted"]) == 2
                && now.value("scanselect_queue_jobs", ["kind": "embed", "state": "queued"]) == 2
        }
        let last = try await scrape()
        XCTAssertEqual(last.value("scanselect_ingest_instances_total", ["door": "stow", "outcome": "accepted"]), 2)
        XCTAssertEqual(last.value("scanselect_ingest_instances_total", ["door": "stow", "outcome": "refused",
                                                                        "reason": "cannotUnderstand"]), 1)
        XCTAssertEqual(last.value("scanselect_ingest_quarantined_total", ["door": "stow"]), 1)
        XCTAssertEqual(last.value("scanselect_ingest_received_bytes_total", ["door": "stow"]),
                       Double(instances.map(\.count).reduce(garbage.count, +)))
        XCTAssertEqual(last.value("scanselect_queue_jobs", ["kind": "train", "state": "dead"]), 0,
                       "every kind and state has a series")
        XCTAssertEqual(last.families["scanselect_queue_jobs"]?.type, "gauge")
        XCTAssertTrue(service.process.isRunning)
        service.signal(SIGTERM)
        XCTAssertEqual(service.waitForExit(timeout: 20), 0, "the queue sampler ends cleanly on shutdown")
    }
}
