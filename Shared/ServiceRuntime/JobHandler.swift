import Database
import JobQueue
import Logging
import PostgresNIO
import TensorStore

/// What a service plugs into the shared worker loop: the job kinds it owns and how to run one.
public protocol JobHandler: Sendable {
    var kinds: [String] { get }
    func handle(_ job: ClaimedJob, context: JobContext) async throws
}

/// What a running job may use. `finish` is how a stage records its result: the result rows, the next
/// stage's job and the job's completion commit in one transaction, so no hand-off is ever lost and a job
/// whose lease was lost records nothing.
public struct JobContext: Sendable {
    public let queue: JobQueue
    public let store: TensorStore
    public let logger: Logger
    public let job: ClaimedJob
    let finished: FinishState

    public var client: PostgresClient { queue.client }

    public func finish(result: String? = nil,
                       _ record: (PostgresConnection) async throws -> Void = { _ in }) async throws {
        let (job, logger, next) = (self.job, self.logger, finished.nextClaim)
        let handedOver = try await queue.client.inTransaction(logger: logger) { connection in
            try await record(connection)
            try await JobQueue.complete(job, result: result, on: connection, logger: logger)
            guard let next else { return [ClaimedJob]() }
            return try await JobQueue.claim(next, on: connection, logger: logger)
        }
        await finished.set(handedOver: handedOver)
    }

    public func reportProgress(_ json: String) async {
        do {
            try await queue.reportProgress(job, progress: json)
        } catch {
            logger.warning("could not record progress", metadata: ["error": "\(error)"])
        }
    }

    /// Enqueues inside the transaction passed to `finish`.
    public func enqueue(_ next: NewJob, on connection: PostgresConnection) async throws {
        try await JobQueue.enqueue(next, on: connection, logger: logger)
    }
}

/// Whether the job has recorded its completion, and the worker's next jobs, claimed in that same
/// transaction when the pool asked for them.
actor FinishState {
    let nextClaim: ClaimRequest?
    private(set) var isFinished = false
    private(set) var handedOver: [ClaimedJob] = []

    init(nextClaim: ClaimRequest?) { self.nextClaim = nextClaim }

    func set(handedOver jobs: [ClaimedJob]) {
        isFinished = true
        handedOver = jobs
    }
}
