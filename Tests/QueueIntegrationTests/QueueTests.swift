import Database
import Foundation
import JobQueue
import Logging
import PostgresNIO
import ServiceRuntime
import TensorStore
import TestSupport
import XCTest

final class QueueTests: XCTestCase {
    func testEnqueueIsIdempotent() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        try await withClient(url) { client, logger in
            let queue = JobQueue(client: client, logger: logger)
            let job = NewJob(kind: "embed", payload: #"{"scan":"a"}"#, idempotencyKey: "embed:a")
            let first = try await queue.enqueue(job)
            let second = try await queue.enqueue(job)
            let other = try await queue.enqueue(NewJob(kind: "embed", idempotencyKey: "embed:b"))
            XCTAssertEqual(first, second)
            XCTAssertNotEqual(first, other)
            let count = try await scalar(client, "SELECT count(*)::bigint FROM jobs", as: Int64.self)
            XCTAssertEqual(count, 2)
        }
    }

    func testEightWorkersDrainFiveThousandJobsExactlyOnce() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try TensorStore(root: NSTemporaryDirectory() + "store-\(UUID().uuidString)")
        try await withClient(url) { client, logger in
            try await client.query("CREATE TABLE effects (job_id bigint NOT NULL)", logger: logger)
            try await client.query("""
                INSERT INTO jobs (kind, payload) SELECT 'count', '{}'::jsonb FROM generate_series(1, 5000)
                """, logger: logger)
            let configuration = try ServiceConfiguration(environment: [
                "DATABASE_URL": url.string, "SCANSELECT_STORE": store.root, "WORKER_CONCURRENCY": "8",
                "POLL_INTERVAL_MS": "50", "CLAIM_BATCH": "1",
            ])
            let pool = WorkerPool(handler: RecordingHandler(), queue: JobQueue(client: client, logger: logger),
                                  store: store, configuration: configuration, logger: logger)
            let running = Task { try await pool.run() }
            defer { running.cancel() }
            try await eventually(timeout: 90, "all 5000 jobs done") {
                try await scalar(client, "SELECT count(*)::bigint FROM jobs WHERE state = 'done'", as: Int64.self) == 5000
            }
            let effects = try await scalar(client, "SELECT count(DISTINCT job_id)::bigint FROM effects", as: Int64.self)
            let rows = try await scalar(client, "SELECT count(*)::bigint FROM effects", as: Int64.self)
            let completions = try await scalar(
                client, "SELECT count(*)::bigint FROM job_attempts WHERE outcome = 'completed'", as: Int64.self)
            let multiple = try await scalar(
                client, "SELECT count(*)::bigint FROM jobs WHERE attempts <> 1", as: Int64.self)
            let workers = try await scalar(
                client, "SELECT count(DISTINCT worker)::bigint FROM job_attempts", as: Int64.self)
            XCTAssertEqual(effects, 5000)
            XCTAssertEqual(rows, 5000, "a job's effects were recorded twice")
            XCTAssertEqual(completions, 5000)
            XCTAssertEqual(multiple, 0)
            XCTAssertEqual(workers, 8, "all eight loops should have taken part")
        }
    }

    func testExpiredLeaseIsReapedAndCountsAsAttempt() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        try await withClient(url) { client, logger in
            let queue = JobQueue(client: client, logger: logger)
            let id = try await queue.enqueue(NewJob(kind: "k", maxAttempts: 2))
            let first = try await queue.claim(kinds: ["k"], worker: "dead-worker", lease: .milliseconds(100))
            XCTAssertEqual(first.map(\.id), [id])
            try await Task.sleep(for: .milliseconds(300))
            let reaped = try await queue.reapExpiredLeases()
            XCTAssertEqual(reaped, 1)
            // The dead worker may not complete what it no longer owns.
            do {
                try await queue.complete(first[0])
                XCTFail("completion after lease loss must be refused")
            } catch is LeaseLost {}
            let second = try await queue.claim(kinds: ["k"], worker: "live-worker", lease: .seconds(30))
            XCTAssertEqual(second.first?.attempt, 2)
            try await queue.complete(second[0])
            let history = try await queue.attempts(jobID: id)
            XCTAssertEqual(history.map(\.outcome), [.expired, .completed])
            XCTAssertEqual(history.map(\.worker), ["dead-worker", "live-worker"])
        }
    }

    func testAPermanentFailureIsDeadAtOnceWithItsError() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        try await withClient(url) { client, logger in
            let queue = JobQueue(client: client, logger: logger)
            let retried = try await queue.enqueue(NewJob(kind: "k", idempotencyKey: "retried"))
            let permanent = try await queue.enqueue(NewJob(kind: "k", idempotencyKey: "permanent"))
            let claimed = try await queue.claim(kinds: ["k"], worker: "w", lease: .seconds(30), limit: 2)
            XCTAssertEqual(Set(claimed.map(\.id)), [retried, permanent])
            for job in claimed {
                let outcome = try await queue.fail(job, error: "boom \(job.id)", permanent: job.id == permanent)
                XCTAssertEqual(outcome == .dead, job.id == permanent)
            }
            let dead = try await queue.job(id: permanent)
            let queued = try await queue.job(id: retried)
            XCTAssertEqual(dead?.state, .dead)
            XCTAssertEqual(dead?.lastError, "boom \(permanent)")
            XCTAssertEqual(queued?.state, .queued, "an ordinary failure is retried")
        }
    }

    func testReleaseDoesNotCountAnAttempt() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        try await withClient(url) { client, logger in
            let queue = JobQueue(client: client, logger: logger)
            let id = try await queue.enqueue(NewJob(kind: "k"))
            let claimed = try await queue.claim(kinds: ["k"], worker: "w", lease: .seconds(30))
            try await queue.release(claimed[0])
            let job = try await queue.job(id: id)
            let history = try await queue.attempts(jobID: id)
            XCTAssertEqual(job?.state, .queued)
            XCTAssertEqual(job?.attempts, 0)
            XCTAssertEqual(history.map(\.outcome), [.released])
        }
    }

    func testCompletionClaimsTheNextJobInTheSameTransaction() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        try await withClient(url) { client, logger in
            let queue = JobQueue(client: client, logger: logger)
            var ids: [Int64] = []
            for n in 0..<3 { ids.append(try await queue.enqueue(NewJob(kind: "k", payload: #"{"n":\#(n)}"#))) }
            let request = ClaimRequest(kinds: ["k"], worker: "w", lease: .seconds(30))
            let first = try await queue.claim(request)
            let second = try await queue.complete(first[0], result: #"{"ok":true}"#, thenClaim: request)
            XCTAssertEqual(second.map(\.id), [ids[1]])
            XCTAssertEqual(second.first?.attempt, 1)
            let done = try await queue.job(id: ids[0])
            XCTAssertEqual(done?.state, .done)
            XCTAssertEqual(done?.result, #"{"ok": true}"#)
            let history = try await queue.attempts(jobID: ids[1])
            XCTAssertEqual(history.map(\.worker), ["w"])

            // A completion that lost its lease rolls back, claim included: the third job stays queued.
            try await client.query("UPDATE jobs SET lease_expires_at = now() - interval '1 second' WHERE id = \(ids[1])",
                                   logger: logger)
            let reaped = try await queue.reapExpiredLeases()
            XCTAssertEqual(reaped, 1)
            do {
                _ = try await queue.complete(second[0], thenClaim: request)
                XCTFail("completion after lease loss must be refused")
            } catch is LeaseLost {}
            let untouched = try await queue.job(id: ids[2])
            XCTAssertEqual(untouched?.state, .queued)
            XCTAssertEqual(untouched?.attempts, 0)
        }
    }

    func testJobsHandedOverByAFinishThatThenFailsAreReleased() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try TensorStore(root: NSTemporaryDirectory() + "store-\(UUID().uuidString)")
        try await withClient(url) { client, logger in
            let queue = JobQueue(client: client, logger: logger)
            let first = try await queue.enqueue(NewJob(kind: FailingAfterFinish.kind, priority: 1))
            let second = try await queue.enqueue(NewJob(kind: FailingAfterFinish.kind))
            let configuration = try ServiceConfiguration(environment: [
                "DATABASE_URL": url.string, "SCANSELECT_STORE": store.root, "WORKER_CONCURRENCY": "1",
                "POLL_INTERVAL_MS": "50",
            ])
            let pool = WorkerPool(handler: FailingAfterFinish(), queue: queue, store: store,
                                  configuration: configuration, logger: logger)
            let running = Task { try await pool.run() }
            defer { running.cancel() }
            try await eventually(timeout: 30, "both jobs done") {
                try await scalar(client, "SELECT count(*)::bigint FROM jobs WHERE state = 'done'", as: Int64.self) == 2
            }
            // The second job was claimed by the first one's finish, handed back when the handler failed
            // afterwards (not counted as an attempt), then claimed again and completed.
            let firstHistory = try await queue.attempts(jobID: first)
            let secondHistory = try await queue.attempts(jobID: second)
            let secondJob = try await queue.job(id: second)
            XCTAssertEqual(firstHistory.map(\.outcome), [.completed])
            XCTAssertEqual(secondHistory.map(\.outcome), [.released, .completed])
            XCTAssertEqual(secondJob?.attempts, 1)
        }
    }

    func testBatchedClaimHandsEachJobToOneWorker() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        try await withClient(url) { client, logger in
            let queue = JobQueue(client: client, logger: logger)
            for n in 0..<40 { try await queue.enqueue(NewJob(kind: "b", payload: #"{"n":\#(n)}"#)) }
            let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        var ids: [Int64] = []
                        while true {
                            let jobs = try await queue.claim(kinds: ["b"], worker: "w\(worker)", lease: .seconds(30), limit: 7)
                            if jobs.isEmpty { return ids }
                            ids += jobs.map(\.id)
                        }
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0 += $1 }
            }
            XCTAssertEqual(claims.count, 40)
            XCTAssertEqual(Set(claims).count, 40)
        }
    }
}

/// Records each job's effect in the same transaction as its completion.
struct RecordingHandler: JobHandler {
    var kinds: [String] { ["count"] }
    func handle(_ job: ClaimedJob, context: JobContext) async throws {
        try await context.finish { connection in
            try await connection.query("INSERT INTO effects (job_id) VALUES (\(job.id))", logger: context.logger)
        }
    }
}

/// Records its completion, then fails: the work after `finish` must not strand what `finish` claimed.
struct FailingAfterFinish: JobHandler {
    static let kind = "finish-then-fail"
    var kinds: [String] { [Self.kind] }
    func handle(_ job: ClaimedJob, context: JobContext) async throws {
        try await context.finish()
        throw TestSupportError(description: "failure after finish")
    }
}
