import Database
import Foundation

/// A service binary running as a child process, as in production.
final class ServiceProcess: @unchecked Sendable {
    let process = Process()
    let logPath: String

    init(_ name: String, database: DatabaseURL, store: String, environment extra: [String: String] = [:]) throws {
        logPath = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString.prefix(8)).log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = database.string
        environment["SCANSELECT_STORE"] = store
        environment["SCANSELECT_SCHEMAS"] = TestPaths.repository + "/schemas"
        environment["HTTP_PORT"] = "0"
        environment["LOG_LEVEL"] = "debug"
        environment.merge(extra) { $1 }
        process.executableURL = URL(fileURLWithPath: try TestPaths.executable(name))
        process.environment = environment
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
