import ArgumentParser
import Database
import Foundation
import Ingest
import Logging

/// DIMSE receive throughput: DCMTK's storescu sends the same 512² 16-bit CT slices to ScanSelect's storage SCP
/// (in-process, writing into a scratch inbox exactly as the ingest-service does) and to Orthanc, over one and over
/// four associations at once.
struct BenchDIMSE: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dimse",
                                                    abstract: "C-STORE instances/s and MB/s received from storescu, beside Orthanc.")
    @Option(help: "Python with pydicom and numpy (makes the slices).") var python = "/usr/bin/python3"
    @Option(help: "Slices per run.") var count = 200
    @Option(help: "The Orthanc binary.") var orthanc = "/usr/sbin/Orthanc"

    func run() async throws {
        let work = NSTemporaryDirectory() + "scanselect-bench-dimse-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        guard let inputs = PeerScript.run(python: python, script: "Tests/IngestReference/dimse_bench_inputs.py",
                                          arguments: [work + "/slices", "\(count)"]),
              let files = inputs["files"] as? [String], let bytes = inputs["bytes"] as? Int else {
            throw ValidationError("the input script did not run: pass --python with pydicom and numpy")
        }
        var logger = Logger(label: "bench-dimse")
        logger.logLevel = .error
        let ourPort = try LocalPostgres.freePort()
        var settings = DIMSESettings(port: ourPort, policy: AssociationPolicy(aeTitle: "SCANSELECT"), project: "bench")
        settings.host = "127.0.0.1"
        let server = DIMSEServer(settings: settings, inbox: InboxLayout(root: work + "/inbox"), logger: logger,
                                 gate: DecodeGate(limit: ProcessInfo.processInfo.activeProcessorCount))
        let serving = Task { try await server.run() }
        defer { serving.cancel() }
        let peer = try OrthancPeer(binary: orthanc, folder: work + "/orthanc")
        defer { peer.stop() }
        try await Self.waitForEcho(port: ourPort, aeTitle: "SCANSELECT")
        try await Self.waitForEcho(port: peer.port, aeTitle: "ORTHANC")

        var table = Table("associations", "ScanSelect inst/s", "MB/s", "Orthanc inst/s", "MB/s", "ratio")
        for associations in [1, 4] {
            let ours = try Self.send(files, port: ourPort, aeTitle: "SCANSELECT", associations: associations)
            let theirs = try Self.send(files, port: peer.port, aeTitle: "ORTHANC", associations: associations)
            let megabytes = Double(bytes) / 1_048_576
            table.add("\(associations)", String(format: "%.1f", Double(files.count) / ours), String(format: "%.1f", megabytes / ours),
                      String(format: "%.1f", Double(files.count) / theirs), String(format: "%.1f", megabytes / theirs),
                      String(format: "%.2f×", theirs / ours))
        }
        print("\(files.count) slices of 512x512 16-bit CT, \(bytes / 1024) KiB in all, storescu from DCMTK")
        print(table.render())
    }

    /// Seconds for storescu to send every file, split over `associations` concurrent processes.
    static func send(_ files: [String], port: Int, aeTitle: String, associations: Int) throws -> Double {
        let start = Date()
        let processes = try (0..<associations).map { part in
            let share = stride(from: part, to: files.count, by: associations).map { files[$0] }
            return try launch("storescu", ["-aec", aeTitle, "127.0.0.1", "\(port)"] + share)
        }
        for process in processes {
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw ValidationError("storescu to \(aeTitle) failed with status \(process.terminationStatus)")
            }
        }
        return Date().timeIntervalSince(start)
    }

    static func launch(_ tool: String, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/" + tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func waitForEcho(port: Int, aeTitle: String) async throws {
        for _ in 0..<100 {
            let echo = try launch("echoscu", ["-aec", aeTitle, "127.0.0.1", "\(port)"])
            echo.waitUntilExit()
            if echo.terminationStatus == 0 { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw ValidationError("no C-ECHO answer from \(aeTitle) on port \(port)")
    }
}

/// A throw-away Orthanc receiving C-STORE on a free port, storage in a scratch folder.
private final class OrthancPeer: Sendable {
    let port: Int
    let process: Process

    init(binary: String, folder: String) throws {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw ValidationError("Orthanc is not at \(binary): apt-get install orthanc, or pass --orthanc")
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        port = try LocalPostgres.freePort()
        let configuration: [String: Any] = [
            "Name": "bench", "DicomAet": "ORTHANC", "DicomPort": port, "HttpPort": try LocalPostgres.freePort(),
            "StorageDirectory": folder, "IndexDirectory": folder, "RemoteAccessAllowed": false,
        ]
        try JSONSerialization.data(withJSONObject: configuration).write(to: URL(fileURLWithPath: folder + "/orthanc.json"))
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [folder + "/orthanc.json"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
