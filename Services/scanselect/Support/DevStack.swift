import ArgumentParser
import Database
import Foundation

/// Files and processes of the local stack under ./.scanselect.
struct DevStack {
    let directory = FileManager.default.currentDirectoryPath + "/" + CLIDatabase.devDirectory
    var storeRoot: String {
        ProcessInfo.processInfo.environment["SCANSELECT_STORE"] ?? directory + "/store"
    }
    var postgres: LocalPostgres { LocalPostgres(directory: directory + "/pg") }

    func databaseURL() throws -> DatabaseURL {
        try CLIDatabase.external() ?? postgres.start()
    }

    /// The service binaries are built next to this one.
    static func executable(_ name: String) -> String {
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let sibling = own.deletingLastPathComponent().appendingPathComponent(name).path
        return FileManager.default.isExecutableFile(atPath: sibling) ? sibling : name
    }

    func startServices(databaseURL: DatabaseURL, concurrency: Int) throws -> [(String, Int32, Int)] {
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: directory + "/logs", withIntermediateDirectories: true)
        try fileManager.createDirectory(atPath: directory + "/pids", withIntermediateDirectories: true)
        try fileManager.createDirectory(atPath: storeRoot, withIntermediateDirectories: true)
        var started: [(String, Int32, Int)] = []
        for service in DevCommand.services {
            if let pid = runningPID(service) {
                started.append((service, pid, recordedPort(service) ?? 0))
                continue
            }
            let port = try LocalPostgres.freePort()
            var environment = ProcessInfo.processInfo.environment
            environment["DATABASE_URL"] = databaseURL.string
            environment["SCANSELECT_STORE"] = storeRoot
            environment["HTTP_PORT"] = "\(port)"
            environment["HTTP_HOST"] = "127.0.0.1"
            environment["WORKER_CONCURRENCY"] = environment["WORKER_CONCURRENCY"] ?? "\(concurrency)"
            let log = directory + "/logs/\(service).log"
            if !fileManager.fileExists(atPath: log) { fileManager.createFile(atPath: log, contents: nil) }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            handle.seekToEndOfFile()
            let process = Process()
            // Foundation starts the child in its own process group, so it outlives `dev up` and a Ctrl-C.
            process.executableURL = URL(fileURLWithPath: Self.executable(service))
            process.environment = environment
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            try "\(process.processIdentifier) \(port)".write(toFile: pidFile(service), atomically: true, encoding: .utf8)
            started.append((service, process.processIdentifier, port))
        }
        return started
    }

    func stopServices(grace: TimeInterval = 30) -> [String] {
        var lines: [String] = []
        var pending: [(String, Int32)] = []
        for service in DevCommand.services {
            guard let pid = runningPID(service) else { continue }
            kill(pid, SIGTERM)
            pending.append((service, pid))
        }
        let deadline = Date().addingTimeInterval(grace)
        while !pending.isEmpty, Date() < deadline {
            pending.removeAll { kill($0.1, 0) != 0 }
            usleep(100_000)
        }
        for (service, pid) in pending {
            kill(pid, SIGKILL)
            lines.append("\(service) did not stop within \(Int(grace)) s; killed")
        }
        for service in DevCommand.services { try? FileManager.default.removeItem(atPath: pidFile(service)) }
        return lines
    }

    func stopDatabase() throws {
        if try CLIDatabase.external() == nil { try postgres.stop() }
    }

    private func pidFile(_ service: String) -> String { directory + "/pids/\(service).pid" }

    private func recordedFields(_ service: String) -> [Int]? {
        (try? String(contentsOfFile: pidFile(service), encoding: .utf8))?
            .split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    private func recordedPort(_ service: String) -> Int? {
        recordedFields(service).flatMap { $0.count > 1 ? $0[1] : nil }
    }

    private func runningPID(_ service: String) -> Int32? {
        guard let pid = recordedFields(service)?.first.map(Int32.init), kill(pid, 0) == 0 else { return nil }
        return pid
    }
}
