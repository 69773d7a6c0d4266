import Foundation
import Logging
import PostgresNIO

/// The durable job queue on PostgreSQL. Services share nothing but this and the tensor store.
public struct JobQueue: Sendable {
    public static let notificationChannel = "scanselect_jobs"
    public let client: PostgresClient
    public let logger: Logger
    public let retryPolicy: RetryPolicy

    public init(client: PostgresClient, logger: Logger, retryPolicy: RetryPolicy = RetryPolicy()) {
        self.client = client
        self.logger = logger
        self.retryPolicy = retryPolicy
    }

    // MARK: Enqueue

    /// Enqueues `job`, or returns the id of the job already enqueued under the same idempotency key.
    @discardableResult
    public func enqueue(_ job: NewJob) async throws -> Int64 {
        try await client.withConnection { try await Self.enqueue(job, on: $0, logger: logger) }
    }

    /// Enqueues inside the caller's transaction, so that a stage's result and the next stage's job commit
    /// together.
    @discardableResult
    public static func enqueue(_ job: NewJob, on connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        let notBefore = job.notBefore ?? Date(timeIntervalSince1970: 0)
        let rows = try await connection.query("""
            SELECT queue_enqueue(\(job.kind), \(job.projectID), \(job.payload)::jsonb, \(job.idempotencyKey),
                                 \(job.priority), \(notBefore), \(job.maxAttempts))
            """, logger: logger)
        for try await id in rows.decode(Int64?.self) {
            if let id { return id }
        }
        throw JobQueueError.enqueueConflict(key: job.idempotencyKey ?? "")
    }

    /// `count` jobs of `kind` with payloads `{"n": 1}` … in one statement: load for `scanselect bench queue`.
    public func enqueueNumbered(kind: String, count: Int) async throws {
        try await client.query("SELECT queue_enqueue_numbered(\(kind), \(count))", logger: logger)
    }

    // MARK: Claim and lease

    /// Claims up to `limit` claimable jobs of the given kinds, highest priority first, in one round-trip.
    public func claim(kinds: [String], worker: String, lease: Duration, limit: Int = 1) async throws -> [ClaimedJob] {
        try await claim(ClaimRequest(kinds: kinds, worker: worker, lease: lease, limit: limit))
    }

    public func claim(_ request: ClaimRequest) async throws -> [ClaimedJob] {
        try await client.withConnection { try await Self.claim(request, on: $0, logger: logger) }
    }

    /// Claims inside the caller's transaction: a stage's `finish` uses it so that a busy worker commits once
    /// per job rather than twice.
    public static func claim(_ request: ClaimRequest, on connection: PostgresConnection,
                             logger: Logger) async throws -> [ClaimedJob] {
        try await claimedJobs(connection.query("""
            SELECT id, kind, project_id, payload, attempt, max_attempts
            FROM queue_claim(\(request.kinds), \(request.worker), \(request.lease.seconds), \(request.limit))
            """, logger: logger), worker: request.worker)
    }

    private static func claimedJobs(_ rows: PostgresRowSequence, worker: String) async throws -> [ClaimedJob] {
        var jobs: [ClaimedJob] = []
        for try await (id, kind, project, payload, attempt, maxAttempts)
            in rows.decode((Int64, String, String?, String, Int, Int).self) {
            jobs.append(ClaimedJob(id: id, kind: kind, projectID: project, payload: payload, attempt: attempt,
                                   maxAttempts: maxAttempts, worker: worker))
        }
        return jobs
    }

    /// Extends the lease; false means it was lost (expired and reaped) and the work should stop.
    public func heartbeat(_ job: ClaimedJob, lease: Duration) async throws -> Bool {
        try await flag(client.query(
            "SELECT queue_heartbeat(\(job.id), \(job.worker), \(lease.seconds))", logger: logger))
    }

    /// Records progress (JSON) that `scanselect status` shows while the job runs.
    public func reportProgress(_ job: ClaimedJob, progress: String) async throws {
        try await client.query("SELECT queue_progress(\(job.id), \(job.worker), \(progress)::jsonb)", logger: logger)
    }

    // MARK: Finish

    public func complete(_ job: ClaimedJob, result: String? = nil) async throws {
        try await client.withConnection { try await Self.complete(job, result: result, on: $0, logger: logger) }
    }

    /// Completes `job` and claims the worker's next jobs in one statement: one round-trip and one commit per
    /// job, which is what a worker draining a queue of short jobs waits on.
    public func complete(_ job: ClaimedJob, result: String? = nil, thenClaim next: ClaimRequest) async throws -> [ClaimedJob] {
        do {
            return try await Self.claimedJobs(client.query("""
                SELECT id, kind, project_id, payload, attempt, max_attempts
                FROM queue_complete_and_claim(\(job.id), \(job.worker), \(result)::jsonb, \(next.kinds), \(next.worker),
                                              \(next.lease.seconds), \(next.limit))
                """, logger: logger), worker: next.worker)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == Self.leaseLostState {
            throw LeaseLost(jobID: job.id, worker: job.worker)
        }
    }

    /// What `queue_complete_and_claim` raises when the worker no longer holds the job.
    static let leaseLostState = "SS001"

    /// Marks the job done inside the caller's transaction; throws `LeaseLost` (rolling the transaction
    /// back) if another worker now owns it.
    public static func complete(_ job: ClaimedJob, result: String?, on connection: PostgresConnection,
                                logger: Logger) async throws {
        let rows = try await connection.query(
            "SELECT queue_complete(\(job.id), \(job.worker), \(result)::jsonb)", logger: logger)
        var completed = false
        for try await value in rows.decode(Bool.self) { completed = value }
        guard completed else { throw LeaseLost(jobID: job.id, worker: job.worker) }
    }

    /// Records the failure; the job is retried with backoff, or is `dead` after its last attempt — at once
    /// when the failure is `permanent` (another attempt would fail the same way).
    @discardableResult
    public func fail(_ job: ClaimedJob, error: String, permanent: Bool = false) async throws -> FailureOutcome {
        let delay = retryPolicy.delay(afterAttempt: job.attempt)
        let rows = try await client.query(
            "SELECT queue_fail(\(job.id), \(job.worker), \(error), \(permanent), \(delay))", logger: logger)
        for try await state in rows.decode(JobState?.self) {
            switch state {
            case .dead: return .dead
            case .queued: return .retry(after: delay)
            case .running, .done, nil: return .leaseLost
            }
        }
        return .leaseLost
    }

    /// Gives the job back without counting the attempt (graceful shutdown).
    public func release(_ job: ClaimedJob) async throws {
        try await client.query("SELECT queue_release(\(job.id), \(job.worker))", logger: logger)
    }

    // MARK: Recovery

    /// Requeues jobs whose lease expired (their worker died or hung). The expired run counts as an attempt,
    /// so a job that kills every worker that runs it still ends `dead`. Returns how many were reaped.
    @discardableResult
    public func reapExpiredLeases() async throws -> Int {
        for try await count in try await client.query("SELECT queue_reap_expired()", logger: logger).decode(Int64.self) {
            return Int(count)
        }
        return 0
    }

    /// Gives a dead job a fresh set of attempts.
    public func retryDead(jobID: Int64) async throws -> Bool {
        try await flag(client.query("SELECT queue_retry_dead(\(jobID))", logger: logger))
    }

    // MARK: Inspection

    public func attempts(jobID: Int64) async throws -> [JobAttempt] {
        let rows = try await client.query("""
            SELECT attempt, worker, started_at, ended_at, outcome, error FROM job_attempts
            WHERE job_id = \(jobID) ORDER BY id
            """, logger: logger)
        var history: [JobAttempt] = []
        for try await (attempt, worker, started, ended, outcome, error)
            in rows.decode((Int, String, Date, Date?, AttemptOutcome?, String?).self) {
            history.append(JobAttempt(attempt: attempt, worker: worker, startedAt: started, endedAt: ended,
                                      outcome: outcome, error: error))
        }
        return history
    }

    public func job(id: Int64) async throws -> JobRecord? {
        try await jobs(where: "id = $1", id).first
    }

    /// Newest first; `state` nil lists all states.
    public func list(state: JobState?, kind: String?, limit: Int) async throws -> [JobRecord] {
        let rows = try await client.query("""
            SELECT id FROM jobs WHERE (\(state?.rawValue)::text IS NULL OR state = \(state?.rawValue))
              AND (\(kind)::text IS NULL OR kind = \(kind))
            ORDER BY id DESC LIMIT \(limit)
            """, logger: logger)
        var ids: [Int64] = []
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        return try await jobs(where: "id = ANY($1)", ids).sorted { $0.id > $1.id }
    }

    func jobs(where condition: String, _ bind: some PostgresDynamicTypeEncodable & Sendable) async throws -> [JobRecord] {
        var bindings = PostgresBindings()
        bindings.append(bind)
        let rows = try await client.query(PostgresQuery(unsafeSQL: """
            SELECT id, kind, project_id, state, attempts, max_attempts, payload::text, progress::text, result::text,
                   last_error, lease_owner, created_at, updated_at
            FROM jobs WHERE \(condition)
            """, binds: bindings), logger: logger)
        var records: [JobRecord] = []
        for try await row in rows {
            let (id, kind, project, state, attempts, maxAttempts, payload, progress, result, error, owner, created, updated) =
                try row.decode((Int64, String, String?, JobState, Int, Int, String, String?, String?, String?, String?, Date,
                                Date).self)
            records.append(JobRecord(id: id, kind: kind, projectID: project, state: state, attempts: attempts,
                                     maxAttempts: maxAttempts, payload: payload, progress: progress, result: result,
                                     lastError: error, leaseOwner: owner, createdAt: created, updatedAt: updated))
        }
        return records
    }
}

public enum JobQueueError: Error, CustomStringConvertible {
    case enqueueConflict(key: String)
    public var description: String {
        switch self {
        case let .enqueueConflict(key):
            "a job with idempotency key '\(key)' conflicted but could not be read back; retry the enqueue"
        }
    }
}

/// The one boolean a queue function returns.
private func flag(_ rows: PostgresRowSequence) async throws -> Bool {
    for try await value in rows.decode(Bool.self) { return value }
    return false
}

extension Duration {
    /// Leases and timings are stored and logged in fractional seconds.
    public var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
