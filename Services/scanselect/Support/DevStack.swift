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

    /// Starts one service binary with `environment`, appending its output to `log` (created when missing).
    static func launch(_ service: String, environment: [String: String], log: String) throws -> Process {
        if !FileManager.default.fileExists(atPath: log) { FileManager.default.createFile(atPath: log, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        handle.seekToEndOfFile()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable(service))
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The service binaries are built next to this one.
    static func executable(_ name: String) -> String {
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let sibling = own.deletingLastPathComponent().appendingPathComponent(name).path
        return FileManager.default.isExecutableFile(atPath: sibling) ? sibling : name
    }

    /// Starts the services not running; a running one started with another database address (a restarted private
    /// PostgreSQL takes a new port) is restarted, since it would keep answering 503 on the old one.
    func startServices(databaseURL: DatabaseURL, concurrency: Int) throws -> [(String, Int32, Int)] {
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: directory + "/logs", withIntermediateDirectories: true)
        try fileManager.createDirectory(atPath: directory + "/pids", withIntermediateDirectories: true)
        try fileManager.createDirectory(atPath: storeRoot, withIntermediateDirectories: true)
        var started: [(String, Int32, Int)] = []
        for service in DevCommand.services {
            if let pid = runningPID(service) {
                if recordedDatabase(service) == databaseURL.string {
                    started.append((service, pid, recordedPort(service) ?? 0))
                    continue
                }
                for line in stop([(service, pid)]) { print(line) }
                print("\(service): restarted for the database's new address")
            }
            let port = try LocalPostgres.freePort()
            var environment = ProcessInfo.processInfo.environment
            environment["DATABASE_URL"] = databaseURL.string
            environment["SCANSELECT_STORE"] = storeRoot
            environment["HTTP_PORT"] = "\(port)"
            environment["HTTP_HOST"] = "127.0.0.1"
            environment["WORKER_CONCURRENCY"] = environment["WORKER_CONCURRENCY"] ?? "\(concurrency)"
            // OpenBLAS reads this when it loads, so it is set for the child: Debian 12's 0.3.21 trains wrongly with
            // its AVX-512 kernels (README, "Known issues"); a machine's own setting is kept.
            environment["OPENBLAS_CORETYPE"] = environment["OPENBLAS_CORETYPE"] ?? "Haswell"
            // Foundation starts the child in its own process group, so it outlives `dev up` and a Ctrl-C.
            let process = try Self.launch(service, environment: environment, log: directory + "/logs/\(service).log")
            try "\(process.processIdentifier) \(port)\n\(databaseURL.string)\n"
                .write(toFile: pidFile(service), atomically: true, encoding: .utf8)
            started.append((service, process.processIdentifier, port))
        }
        return started
    }

    func stopServices(grace: TimeInterval = 30) -> [String] {
        let lines = stop(DevCommand.services.compactMap { service in runningPID(service).map { (service, $0) } },
                         grace: grace)
        for service in DevCommand.services { try? FileManager.default.removeItem(atPath: pidFile(service)) }
        return lines
    }

    /// SIGTERM, then SIGKILL for what is still running after `grace`.
    private func stop(_ processes: [(String, Int32)], grace: TimeInterval = 30) -> [String] {
        var lines: [String] = []
        var pending = processes
        for (_, pid) in pending { kill(pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(grace)
        while !pending.isEmpty, Date() < deadline {
            pending.removeAll { kill($0.1, 0) != 0 }
            usleep(100_000)
        }
        for (service, pid) in pending {
            kill(pid, SIGKILL)
            lines.append("\(service) did not stop within \(Int(grace)) s; killed")
        }
        return lines
    }

    func stopDatabase() throws {
        if try CLIDatabase.external() == nil { try postgres.stop() }
    }

    private func pidFile(_ service: String) -> String { directory + "/pids/\(service).pid" }

    /// The pid file: `pid port` on the first line, the DATABASE_URL the service was given on the second.
    private func recordedLines(_ service: String) -> [Substring] {
        (try? String(contentsOfFile: pidFile(service), encoding: .utf8))?.split(separator: "\n") ?? []
    }

    private func recordedFields(_ service: String) -> [Int]? {
        recordedLines(service).first?.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    private func recordedDatabase(_ service: String) -> String? {
        recordedLines(service).dropFirst().first.map(String.init)
    }

    private func recordedPort(_ service: String) -> Int? {
        recordedFields(service).flatMap { $0.count > 1 ? $0[1] : nil }
    }

    private func runningPID(_ service: String) -> Int32? {
        guard let pid = recordedFields(service)?.first.map(Int32.init), kill(pid, 0) == 0 else { return nil }
        return pid
    }
}
