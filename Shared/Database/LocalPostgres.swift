import Foundation

/// A private PostgreSQL cluster started from the system's binaries: the embedded default of
/// `scanselect dev up`, and the throw-away server of the tests. PostgreSQL refuses to run as root, so as
/// root the cluster belongs to the `postgres` user and every command goes through `runuser`.
public struct LocalPostgres: Sendable {
    public let directory: String
    public var dataDirectory: String { directory + "/data" }
    public var socketDirectory: String { directory + "/socket" }
    public var logFile: String { directory + "/postgres.log" }

    public init(directory: String) {
        self.directory = directory.hasPrefix("/") ? directory
            : FileManager.default.currentDirectoryPath + "/" + directory
    }

    /// Initialises the cluster if needed and starts it; a running cluster is reused. Returns its URL.
    public func start(database: String = "scanselect") throws(LocalPostgresError) -> DatabaseURL {
        let binaries = try Self.binaryDirectory()
        let owner = Self.runningAsRoot ? "postgres" : nil
        try makeDirectory(directory, owner: owner)
        try makeDirectory(socketDirectory, owner: owner)
        if !FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") {
            try run(binaries + "/initdb", ["-D", dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                                           "--no-instructions"], as: owner)
        }
        let port: Int
        if isRunning(binaries: binaries), let recorded = recordedPort() {
            port = recorded
        } else {
            port = try Self.freePort()
            try run(binaries + "/pg_ctl", ["-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "start", "-o",
                                           "-p \(port) -k \(socketDirectory) -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on"],
                    as: owner)
        }
        let url = DatabaseURL(username: "postgres", password: nil, host: "127.0.0.1", port: port, database: "postgres")
        if database != "postgres" { try createDatabase(database, url: url, binaries: binaries, owner: owner) }
        return DatabaseURL(username: "postgres", password: nil, host: "127.0.0.1", port: port, database: database)
    }

    public func stop() throws(LocalPostgresError) {
        let binaries = try Self.binaryDirectory()
        guard isRunning(binaries: binaries) else { return }
        try run(binaries + "/pg_ctl", ["-D", dataDirectory, "-m", "fast", "-w", "stop"],
                as: Self.runningAsRoot ? "postgres" : nil)
    }

    /// Stops and starts on the same port (used to prove that services survive a database restart).
    public func restart() throws(LocalPostgresError) {
        let binaries = try Self.binaryDirectory()
        try run(binaries + "/pg_ctl", ["-D", dataDirectory, "-m", "fast", "-w", "restart"],
                as: Self.runningAsRoot ? "postgres" : nil)
    }

    public func isRunning() -> Bool {
        guard let binaries = try? Self.binaryDirectory() else { return false }
        return isRunning(binaries: binaries)
    }

    private func isRunning(binaries: String) -> Bool {
        (try? run(binaries + "/pg_ctl", ["-D", dataDirectory, "status"], as: Self.runningAsRoot ? "postgres" : nil)) != nil
    }

    /// The running server's port: line 4 of postmaster.pid.
    private func recordedPort() -> Int? {
        let lines = (try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8))?
            .split(separator: "\n", omittingEmptySubsequences: false)
        return lines.flatMap { $0.count > 3 ? Int($0[3].trimmingCharacters(in: .whitespaces)) : nil }
    }

    private func createDatabase(_ name: String, url: DatabaseURL, binaries: String, owner: String?) throws(LocalPostgresError) {
        let exists = (try? run(binaries + "/psql", ["-h", socketDirectory, "-p", "\(url.port)", "-U", "postgres", "-tAc",
                                                    "SELECT 1 FROM pg_database WHERE datname = '\(name)'"], as: owner)) ?? ""
        if exists.trimmingCharacters(in: .whitespacesAndNewlines) != "1" {
            try run(binaries + "/createdb", ["-h", socketDirectory, "-p", "\(url.port)", "-U", "postgres", name], as: owner)
        }
    }

    // MARK: Process plumbing

    static var runningAsRoot: Bool { geteuid() == 0 }

    /// The newest PostgreSQL installed under /usr/lib/postgresql (Debian's layout), or PG_BIN.
    static func binaryDirectory() throws(LocalPostgresError) -> String {
        if let configured = ProcessInfo.processInfo.environment["PG_BIN"] { return configured }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted()
        guard let newest = versions.last, FileManager.default.fileExists(atPath: "\(root)/\(newest)/bin/initdb") else {
            throw .notInstalled
        }
        return "\(root)/\(newest)/bin"
    }

    public static func freePort() throws(LocalPostgresError) -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw .commandFailed(command: "socket()", output: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw .commandFailed(command: "bind()", output: String(cString: strerror(errno))) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private func makeDirectory(_ path: String, owner: String?) throws(LocalPostgresError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .commandFailed(command: "mkdir \(path)", output: error.localizedDescription)
        }
        if let owner { try run("/bin/chown", ["-R", owner, path], as: nil) }
        chmod(path, 0o700)
    }

    /// posix_spawn and waitpid rather than Foundation's Process: the server that pg_ctl starts inherits the
    /// child's descriptors, and Process (in an async context) never noticed pg_ctl exiting.
    @discardableResult
    private func run(_ executable: String, _ arguments: [String], as user: String?) throws(LocalPostgresError) -> String {
        let command = user.map { ["/usr/sbin/runuser", "-u", $0, "--", executable] + arguments } ?? [executable] + arguments
        // runuser keeps the working directory, which the postgres user may not be allowed to enter.
        let argv = ["/bin/sh", "-c", "cd / && exec \"$@\"", "sh"] + command
        let outputPath = NSTemporaryDirectory() + "scanselect-pg-\(UUID().uuidString).out"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var pid: pid_t = 0
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else {
            throw .commandFailed(command: argv[0], output: String(cString: strerror(spawned)))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exited = (status & 0x7F) == 0
        guard exited, (status >> 8) & 0xFF == 0 else {
            throw .commandFailed(command: command.joined(separator: " "), output: text)
        }
        return text
    }
}

public enum LocalPostgresError: Error, CustomStringConvertible {
    case notInstalled
    case commandFailed(command: String, output: String)

    public var description: String {
        switch self {
        case .notInstalled:
            "PostgreSQL server binaries not found under /usr/lib/postgresql: apt-get install postgresql, set PG_BIN, or set DATABASE_URL to an existing server"
        case let .commandFailed(command, output):
            "\(command) failed: \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
    }
}
