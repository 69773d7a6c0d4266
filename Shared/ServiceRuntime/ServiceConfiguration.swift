import Database
import Foundation
import JobQueue
import Logging

/// Everything a service reads from its environment. A bad value stops start-up with an error that names
/// the variable.
public struct ServiceConfiguration: Sendable {
    public var databaseURL: DatabaseURL
    public var storeRoot: String
    public var workerConcurrency: Int
    public var logLevel: Logger.Level
    public var httpHost: String
    /// 0 disables the HTTP endpoint.
    public var httpPort: Int
    public var lease: Duration
    public var pollInterval: Duration
    public var shutdownGrace: Duration
    public var claimBatch: Int
    public var retryPolicy: RetryPolicy

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) {
        guard let url = environment["DATABASE_URL"], !url.isEmpty else {
            throw .missing(variable: "DATABASE_URL",
                           fix: "set it to postgres://user:password@host:5432/database (scanselect dev up sets it for you)")
        }
        databaseURL = try DatabaseURL(parsing: url)
        guard let store = environment["SCANSELECT_STORE"], !store.isEmpty else {
            throw .missing(variable: "SCANSELECT_STORE", fix: "set it to the shared tensor volume, e.g. /var/lib/scanselect/store")
        }
        storeRoot = store
        let reader = EnvironmentReader(environment: environment)
        workerConcurrency = try reader.integer("WORKER_CONCURRENCY", default: 1, range: 1...256)
        logLevel = try reader.logLevel("LOG_LEVEL", default: .info)
        httpHost = environment["HTTP_HOST"] ?? "0.0.0.0"
        httpPort = try reader.integer("HTTP_PORT", default: 8080, range: 0...65535)
        lease = .seconds(try reader.integer("JOB_LEASE_SECONDS", default: 30, range: 2...86_400))
        pollInterval = .milliseconds(try reader.integer("POLL_INTERVAL_MS", default: 2000, range: 10...600_000))
        shutdownGrace = .seconds(try reader.integer("SHUTDOWN_GRACE_SECONDS", default: 20, range: 0...3600))
        claimBatch = try reader.integer("CLAIM_BATCH", default: 1, range: 1...1000)
        retryPolicy = RetryPolicy(
            baseDelay: Double(try reader.integer("RETRY_BASE_MS", default: 2000, range: 1...3_600_000)) / 1000,
            maximumDelay: Double(try reader.integer("RETRY_MAX_MS", default: 300_000, range: 1...86_400_000)) / 1000)
    }
}

/// Typed access to environment variables, with errors that say what is accepted.
public struct EnvironmentReader: Sendable {
    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    public func integer(_ variable: String, default value: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let text = environment[variable], !text.isEmpty else { return value }
        guard let parsed = Int(text), range.contains(parsed) else {
            throw .invalid(variable: variable, value: text,
                           fix: "use a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return parsed
    }

    public func logLevel(_ variable: String, default value: Logger.Level) throws(ConfigurationError) -> Logger.Level {
        guard let text = environment[variable], !text.isEmpty else { return value }
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw .invalid(variable: variable, value: text,
                           fix: "use one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return level
    }
}
