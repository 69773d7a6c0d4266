import Catalog
import Database
import Foundation
import Ingest
import Logging
import PostgresNIO
import TensorStore
import TestSupport
import TestFixtures
import XCTest

/// Inputs and environments shared by the ingest tests: a fresh database with a project, a store, temporary
/// folders, the shared cxr-lungs files and the reference script that writes DICOM inputs with pydicom.
enum IngestFixtures {
    static var cxr: String { TestPaths.shared + "/data/cxr-lungs" }

    static func temporaryDirectory(_ label: String) throws -> String {
        let path = NSTemporaryDirectory() + "ingest-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A migrated database holding `project` with `configuration`.
    static func database(project: String, configuration: ProjectConfiguration = ProjectConfiguration()) async throws -> DatabaseURL {
        let url = try await TestDatabase.shared.freshDatabase()
        try await withClient(url) { client, logger in
            try await client.withCatalog(logger: logger) { try await $0.createProject(project, configuration: configuration) }
        }
        return url
    }

    /// An ingest-service with its drop folder and STOW-RS (token `s3cret`) on a free local port, once it answers;
    /// `environment` adds to or overrides the defaults.
    static func stowService(_ url: DatabaseURL, inbox: String,
                            environment: [String: String] = [:]) async throws -> (service: ServiceProcess, base: String) {
        let port = try LocalPostgres.freePort()
        let defaults = ["SCANSELECT_INBOX": inbox, "INBOX_SCAN_MS": "100", "SERIES_QUIET_MS": "200", "HTTP_PORT": "\(port)",
                        "HTTP_HOST": "127.0.0.1", "STOW_TOKEN": "s3cret"]
        let service = try ServiceProcess("ingest-service", database: url, store: try temporaryDirectory("store"),
                                         environment: defaults.merging(environment) { $1 })
        let base = "http://127.0.0.1:\(port)"
        try await eventually(timeout: 30, "the HTTP endpoint is up") {
            (try? await HTTPExchange.send(try XCTUnwrap(URL(string: base + "/healthz"))))?.status == 200
        }
        return (service, base)
    }

    static func importer(_ client: PostgresClient, store: TensorStore, concurrency: Int = 4) -> BatchImport {
        BatchImport(ingestor: Ingestor(client: client, store: store, logger: testLogger),
                    labels: LabelImporter(client: client, store: store, logger: testLogger), concurrency: concurrency)
    }

    /// Runs Tests/IngestReference/make_inputs.py and decodes its JSON output.
    static func reference<T: Decodable>(_ arguments: [String], as _: T.Type) throws -> T {
        let output = try Python.runScript("Tests/IngestReference/make_inputs.py", module: "pydicom", arguments: arguments)
        return try JSONDecoder().decode(T.self, from: Data(output.utf8))
    }

    struct Series: Decodable {
        let files: [String]
        let series_uid: String
        let study_uid: String
        let rows: Int
        let columns: Int
        let pixel_spacing: [Double]
    }

    struct PHIFile: Decodable {
        let file: String
        let sop_instance_uid: String
        let markers: [String]
    }

    struct Instance: Decodable {
        let file: String
        let sop_instance_uid: String
        let sop_class_uid: String
    }

    static func rows<T: PostgresDecodable & Sendable>(_ client: PostgresClient, _ query: PostgresQuery, as _: T.Type) async throws -> [T] {
        var values: [T] = []
        for try await value in try await client.query(query, logger: testLogger).decode(T.self) { values.append(value) }
        return values
    }
}
