import Database
import Foundation
import JobQueue
import Logging
import PostgresNIO
import ServiceRuntime
import TensorStore
import TestSupport
import XCTest

/// A database that refuses writes (read-only, disk full) must make the claim loops back off, not spin and
/// flood the log: the back-off once returned at once.
final class ClaimBackoffTests: XCTestCase {
    func testClaimErrorsBackOffAgainstAReadOnlyDatabase() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        try await withClient(url) { client, logger in
            try await client.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(url.database) SET default_transaction_read_only = on"),
                                   logger: logger)
        }
        let captured = CapturedLog()
        var logger = Logger(label: "backoff-test") { _ in captured }
        logger.logLevel = .warning
        let store = try TensorStore(root: NSTemporaryDirectory() + "store-\(UUID().uuidString)")
        let configuration = try ServiceConfiguration(environment: [
            "DATABASE_URL": url.string, "SCANSELECT_STORE": store.root, "POLL_INTERVAL_MS": "50",
        ])
        // New sessions are read-only: every claim fails.
        let client = PostgresClient(configuration: url.clientConfiguration(), backgroundLogger: logger)
        let pool = WorkerPool(handler: SmokeHandler(service: "test"), queue: JobQueue(client: client, logger: logger),
                              store: store, configuration: configuration, logger: logger)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            group.addTask { try? await pool.run() }
            try? await Task.sleep(for: .seconds(3))
            group.cancelAll()
        }
        let failures = captured.messages.filter { $0.contains("cannot claim jobs") }
        XCTAssertGreaterThanOrEqual(failures.count, 2, "the loop keeps trying")
        // 0.1 s doubling, jitter 0.5–1: at most about a dozen attempts in 3 s (it was thousands).
        XCTAssertLessThanOrEqual(failures.count, 15, "\(failures.count) claim errors in 3 s")
    }
}

/// Collects log messages from every logger made with it.
private final class CapturedLog: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .warning

    var messages: [String] { lock.withLock { lines } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
             function: String, line: UInt) {
        lock.withLock { lines.append(message.description) }
    }
}
