import Database
import Foundation
import JobQueue
import PostgresNIO
import TestSupport
import XCTest

/// The service binaries as separate processes: killed, stopped, faced with a failing job and a restarting
/// database.
final class ServiceProcessTests: XCTestCase {
    private let store = NSTemporaryDirectory() + "store-\(UUID().uuidString)"

    func testWorkerKilledMidJobLosesNothing() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let environment = ["JOB_LEASE_SECONDS": "2", "POLL_INTERVAL_MS": "100"]
        let first = try ServiceProcess("trainer-service", database: url, store: store, environment: environment)
        let id = try await withClient(url) { client, logger in
            try await JobQueue(client: client, logger: logger)
                .enqueue(NewJob(kind: SmokeJob.kind(for: "trainer-service"), payload: #"{"sleep_ms":4000}"#))
        }
        try await eventually("job running") { try await state(of: id, url) == .running }
        first.signal(SIGKILL)
        _ = first.waitForExit(timeout: 5)
        let second = try ServiceProcess("trainer-service", database: url, store: store, environment: environment)
        try await eventually(timeout: 60, "job done by the second worker") { try await state(of: id, url) == .done }
        second.signal(SIGTERM)
        let history = try await withClient(url) { client, logger in
            try await JobQueue(client: client, logger: logger).attempts(jobID: id)
        }
        XCTAssertEqual(history.map(\.outcome), [.expired, .completed], second.log)
        XCTAssertNotEqual(history[0].worker, history[1].worker)
    }

    func testFailingJobBacksOffThenDiesAndCanBeRevived() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let service = try ServiceProcess("ingest-service", database: url, store: store,
                                         environment: ["RETRY_BASE_MS": "200", "POLL_INTERVAL_MS": "50"])
        let id = try await withClient(url) { client, logger in
            try await JobQueue(client: client, logger: logger).enqueue(
                NewJob(kind: SmokeJob.kind(for: "ingest-service"), payload: #"{"fail":"scanner on fire"}"#, maxAttempts: 3))
        }
        try await eventually("job dead") { try await state(of: id, url) == .dead }
        let (job, history) = try await withClient(url) { client, logger in
            let queue = JobQueue(client: client, logger: logger)
            return (try await queue.job(id: id), try await queue.attempts(jobID: id))
        }
        XCTAssertEqual(job?.lastError, "scanner on fire")
        XCTAssertEqual(history.map(\.outcome), [.failed, .failed, .failed])
        // Backoff: the second wait is at least the first base delay doubled, times the minimum jitter.
        let gaps = zip(history.dropFirst(), history).map { $0.startedAt.timeIntervalSince($1.endedAt ?? $1.startedAt) }
        XCTAssertGreaterThanOrEqual(gaps[0], 0.1)
        XCTAssertGreaterThanOrEqual(gaps[1], 0.2)

        let cli = Process()
        cli.executableURL = URL(fileURLWithPath: try TestPaths.executable("scanselect"))
        cli.arguments = ["jobs", "retry", "\(id)"]
        cli.environment = ["DATABASE_URL": url.string, "SCANSELECT_SCHEMAS": TestPaths.repository + "/schemas"]
        try cli.run()
        cli.waitUntilExit()
        XCTAssertEqual(cli.terminationStatus, 0)
        try await eventually("revived job attempted again") {
            try await withClient(url) { client, logger in
                try await JobQueue(client: client, logger: logger).attempts(jobID: id).count > 3
            }
        }
        service.signal(SIGTERM)
    }

    func testGracefulShutdownLetsTheRunningJobFinish() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let service = try ServiceProcess("selector-service", database: url, store: store,
                                         environment: ["SHUTDOWN_GRACE_SECONDS": "20"])
        let id = try await withClient(url) { client, logger in
            try await JobQueue(client: client, logger: logger)
                .enqueue(NewJob(kind: SmokeJob.kind(for: "selector-service"), payload: #"{"sleep_ms":1500}"#))
        }
        try await eventually("job running") { try await state(of: id, url) == .running }
        service.signal(SIGTERM)
        XCTAssertEqual(service.waitForExit(timeout: 15), 0, service.log)
        let finalState = try await state(of: id, url)
        XCTAssertEqual(finalState, .done)
    }

    func testShutdownReleasesAJobThatOutlastsTheGracePeriod() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let service = try ServiceProcess("clustering-service", database: url, store: store,
                                         environment: ["SHUTDOWN_GRACE_SECONDS": "1"])
        let id = try await withClient(url) { client, logger in
            try await JobQueue(client: client, logger: logger)
                .enqueue(NewJob(kind: SmokeJob.kind(for: "clustering-service"), payload: #"{"sleep_ms":60000}"#))
        }
        try await eventually("job running") { try await state(of: id, url) == .running }
        service.signal(SIGTERM)
        XCTAssertEqual(service.waitForExit(timeout: 15), 0, service.log)
        let (job, history) = try await withClient(url) { client, logger in
            let queue = JobQueue(client: client, logger: logger)
            return (try await queue.job(id: id), try await queue.attempts(jobID: id))
        }
        XCTAssertEqual(job?.state, .queued)
        XCTAssertEqual(job?.attempts, 0)
        XCTAssertEqual(history.map(\.outcome), [.released])
    }

    func testTwoProcessesMigratingAtOnceEndInOneSchema() async throws {
        let url = try await TestDatabase.shared.freshDatabase(migrated: false)
        let processes = try (0..<2).map { _ in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try TestPaths.executable("scanselect"))
            process.arguments = ["migrate"]
            process.environment = ["DATABASE_URL": url.string, "SCANSELECT_SCHEMAS": TestPaths.repository + "/schemas"]
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        XCTAssertEqual(processes.map(\.terminationStatus), [0, 0])
        let expected = try TestPaths.migrations().count
        try await withClient(url) { client, _ in
            let versions = try await scalar(client, "SELECT count(*)::bigint FROM schema_migrations", as: Int64.self)
            XCTAssertEqual(Int(versions), expected)
            let views = try await scalar(client, """
                SELECT count(*)::bigint FROM pg_views WHERE viewname IN ('selection_current', 'queue_status', 'embedding_map')
                """, as: Int64.self)
            XCTAssertEqual(views, 3)
        }
    }

    func testWorkerRecoversWhenPostgresRestarts() async throws {
        let server = LocalPostgres(directory: NSTemporaryDirectory() + "scanselect-restart-\(UUID().uuidString.prefix(8))")
        let url = try server.start(database: "restart")
        defer { try? server.stop() }
        let service = try ServiceProcess("trainer-service", database: url, store: store,
                                         environment: ["POLL_INTERVAL_MS": "200"])
        @Sendable func enqueue() async throws -> Int64 {
            try await withClient(url) { client, logger in
                try await JobQueue(client: client, logger: logger).enqueue(NewJob(kind: SmokeJob.kind(for: "trainer-service")))
            }
        }
        let before = try await eventuallyValue { try await enqueue() }
        try await eventually("first job done") { try await state(of: before, url) == .done }
        try server.restart()
        let after = try await enqueue()
        try await eventually(timeout: 60, "job after the restart done") { try await state(of: after, url) == .done }
        service.signal(SIGTERM)
        XCTAssertEqual(service.waitForExit(timeout: 15), 0, service.log)
    }
}

/// Retries `body` until it succeeds (the service may still be migrating a new database).
private func eventuallyValue<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
    var lastError: (any Error)?
    for _ in 0..<100 {
        do { return try await body() } catch { lastError = error }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw lastError ?? CancellationError()
}

private func state(of id: Int64, _ url: DatabaseURL) async throws -> JobState? {
    try await withClient(url) { client, logger in try await JobQueue(client: client, logger: logger).job(id: id)?.state }
}
