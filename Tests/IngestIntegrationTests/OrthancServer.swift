import Database
import Foundation
import Ingest
import TestSupport
import XCTest

/// A throw-away Orthanc with the DICOMweb plugin on loopback, storage in a temporary folder.
final class OrthancServer: @unchecked Sendable {
    let process = Process()
    let port: Int
    /// Orthanc's own DICOM (DIMSE) port, AE title `dicomAETitle`.
    let dicomPort: Int
    let logPath: String
    var dicomweb: String { "http://127.0.0.1:\(port)/dicom-web" }
    /// HTTP basic credentials every request needs, when the server was started with `user`.
    let authorization: [String: String]

    /// Skips only when SCANSELECT_SKIP_ORTHANC=1; otherwise a missing Orthanc fails the test (CI installs it).
    /// With `user`, Orthanc refuses every request without that (username, password).
    /// `dicomWebServers` becomes `DicomWeb.Servers`: peers Orthanc can push to over STOW-RS.
    /// `modalities` becomes `DicomModalities` (AE title, host, port): peers Orthanc can C-STORE to as `dicomAETitle`.
    init(user: (name: String, password: String)? = nil, dicomWebServers: [String: Any] = [:],
         dicomAETitle: String = "ORTHANC", modalities: [String: [Any]] = [:]) throws {
        let binary = ["/usr/sbin/Orthanc", "/usr/bin/Orthanc", "/usr/local/bin/Orthanc"]
            .first(where: FileManager.default.isExecutableFile(atPath:))
        let plugin = ["/usr/share/orthanc/plugins/libOrthancDicomWeb.so", "/usr/lib/orthanc/libOrthancDicomWeb.so"]
            .first(where: FileManager.default.fileExists(atPath:))
        guard let binary, let plugin else {
            if ProcessInfo.processInfo.environment["SCANSELECT_SKIP_ORTHANC"] == "1" {
                throw XCTSkip("Orthanc is not installed and SCANSELECT_SKIP_ORTHANC=1")
            }
            throw TestSupportError(description: "Orthanc with the DICOMweb plugin is required: apt-get install orthanc "
                                   + "orthanc-dicomweb (or set SCANSELECT_SKIP_ORTHANC=1 to skip locally)")
        }
        let folder = try IngestFixtures.temporaryDirectory("orthanc")
        port = try LocalPostgres.freePort()
        dicomPort = try LocalPostgres.freePort()
        let configuration: [String: Any] = [
            "Name": "scanselect-test", "HttpPort": port, "DicomPort": dicomPort,
            "StorageDirectory": folder + "/storage", "IndexDirectory": folder + "/storage",
            "RemoteAccessAllowed": false, "AuthenticationEnabled": user != nil,
            "RegisteredUsers": user.map { [$0.name: $0.password] } ?? [:], "Plugins": [plugin],
            "DicomWeb": ["Enable": true, "Root": "/dicom-web/", "Servers": dicomWebServers] as [String: Any],
            "DicomAet": dicomAETitle, "DicomModalities": modalities,
        ]
        authorization = user.map {
            ["Authorization": "Basic " + Data("\($0.name):\($0.password)".utf8).base64EncodedString()]
        } ?? [:]
        try JSONSerialization.data(withJSONObject: configuration).write(to: URL(fileURLWithPath: folder + "/orthanc.json"))
        logPath = folder + "/orthanc.log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = FileHandle(forWritingAtPath: logPath)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [folder + "/orthanc.json"]
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    func waitUntilReady() async throws {
        let url = try XCTUnwrap(URL(string: "http://127.0.0.1:\(port)/system"))
        try await eventually(timeout: 30, "Orthanc answers on port \(port)") {
            (try? await HTTPExchange.send(url, headers: self.authorization, timeout: 2))?.status == 200
        }
    }

    /// Uploads a Part-10 file through the REST API; returns Orthanc's identifier of the instance.
    @discardableResult
    func upload(_ path: String) async throws -> String {
        let url = try XCTUnwrap(URL(string: "http://127.0.0.1:\(port)/instances"))
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
        let response = try await HTTPExchange.send(url, method: "POST",
                                                   headers: authorization.merging(["Content-Type": "application/dicom"]) { $1 },
                                                   body: [UInt8](bytes))
        XCTAssertEqual(response.status, 200, String(decoding: response.body, as: UTF8.self))
        let answer = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return try XCTUnwrap(answer?["ID"] as? String)
    }

    /// A REST call with the server's credentials; the answer's status and body.
    func call(_ path: String, method: String = "GET", json: Any? = nil) async throws -> HTTPExchange {
        let url = try XCTUnwrap(URL(string: "http://127.0.0.1:\(port)\(path)"))
        let body = try json.map { [UInt8](try JSONSerialization.data(withJSONObject: $0)) }
        return try await HTTPExchange.send(url, method: method, headers: authorization, body: body, timeout: 60)
    }

    deinit {
        if process.isRunning {
            // A throw-away server: no shutdown to wait for (and SIGTERM may be blocked in the child's inherited mask).
            kill(process.processIdentifier, SIGKILL)
        }
    }
}
