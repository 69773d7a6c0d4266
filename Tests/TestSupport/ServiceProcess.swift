import Database
import Foundation

/// A service binary running as a child process, as in production.
public final class ServiceProcess: @unchecked Sendable {
    public let process = Process()
    public let logPath: String

    public init(_ name: String, arguments: [String] = [], database: DatabaseURL, store: String,
                environment extra: [String: String] = [:]) throws {
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
        process.arguments = arguments
        process.environment = environment
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    public func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
