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

/// With CLAIM_BATCH > 1 a worker holds jobs it has not started yet; their leases must be kept, or the reaper
/// hands them to another worker while they still wait here and they run twice.
final class BatchedClaimLeaseTests: XCTestCase {
    func testJobsWaitingInABatchKeepTheirLeases() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try TensorStore(root: NSTemporaryDirectory() + "store-\(UUID().uuidString)")
        let configuration = try ServiceConfiguration(environment: [
            "DATABASE_URL": url.string, "SCANSELECT_STORE": store.root, "POLL_INTERVAL_MS": "50",
            "CLAIM_BATCH": "3", "JOB_LEASE_SECONDS": "2",
        ])
        try await withClient(url) { client, logger in
            let queue = JobQueue(client: client, logger: logger)
            var ids: [Int64] = []
            for index in 0..<6 {
                ids.append(try await queue.enqueue(NewJob(kind: SmokeJob.kind(for: "batch"), payload: #"{"sleep_ms": 1300}"#,
                                                          idempotencyKey: "batch-\(index)")))
            }
            let enqueued = ids
            // Two workers take three jobs each; the third of each batch starts about 2.6 s in, past the 2 s lease.
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        let pool = WorkerPool(handler: SmokeHandler(service: "batch"), queue: queue, store: store,
                                              configuration: configuration, logger: logger)
                        try? await pool.run()
                    }
                }
                try? await eventually(timeout: 30, "every job done") {
                    var done = 0
                    for id in enqueued where try await queue.job(id: id)?.state == .done { done += 1 }
                    return done == enqueued.count
                }
                group.cancelAll()
            }
            for id in ids {
                let attempts = try await queue.attempts(jobID: id)
                XCTAssertEqual(attempts.map(\.outcome), [.completed], "job \(id) ran once")
            }
        }
    }
}

/// Collects log messages from every logger made with it.
private final class CapturedLog: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    private var storedMetadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .warning

    var messages: [String] { lock.withLock { lines } }

    // One handler is shared by every logger copy (the pool's connections set metadata concurrently): a class, so
    // every access goes through the lock. Unlocked, two connections' setters raced and crashed the test process.
    var metadata: Logger.Metadata {
        get { lock.withLock { storedMetadata } }
        set { lock.withLock { storedMetadata = newValue } }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { lock.withLock { storedMetadata[key] } }
        set { lock.withLock { storedMetadata[key] = newValue } }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
             function: String, line: UInt) {
        lock.withLock { lines.append(message.description) }
    }
}
