import Database
import Logging
import PostgresNIO
import TensorStore

/// What a service plugs into the shared worker loop: the job kinds it owns and how to run one.
public protocol JobHandler: Sendable {
    var kinds: [String] { get }
    func handle(_ job: ClaimedJob, context: JobContext) async throws
    /// Called once the job is `dead` (its last attempt failed, or the failure was permanent), so that what it
    /// worked on is marked failed where users look (a scan's state) instead of waiting forever.
    func jobDied(_ job: ClaimedJob, error: String, client: PostgresClient, logger: Logger) async throws
}

extension JobHandler {
    public func jobDied(_ job: ClaimedJob, error: String, client: PostgresClient, logger: Logger) async throws {}
}

/// A handler of one kind, named by its payload type: it is given the decoded payload, so the kind it claims
/// and the payload it reads cannot disagree.
public protocol PayloadHandler: JobHandler {
    associatedtype Payload: JobPayload
    func handle(_ payload: Payload, job: ClaimedJob, context: JobContext) async throws
}

extension PayloadHandler {
    public var kinds: [String] { [Payload.kind] }

    public func handle(_ job: ClaimedJob, context: JobContext) async throws {
        try await handle(try job.payload(Payload.self), job: job, context: context)
    }
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

    package init(queue: JobQueue, store: TensorStore, logger: Logger, job: ClaimedJob, finished: FinishState) {
        self.queue = queue
        self.store = store
        self.logger = logger
        self.job = job
        self.finished = finished
    }

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
}

/// Whether the job has recorded its completion, and the worker's next jobs, claimed in that same
/// transaction when the pool asked for them.
package actor FinishState {
    package nonisolated let nextClaim: ClaimRequest?
    package private(set) var isFinished = false
    package private(set) var handedOver: [ClaimedJob] = []

    package init(nextClaim: ClaimRequest?) { self.nextClaim = nextClaim }

    package func set(handedOver jobs: [ClaimedJob]) {
        isFinished = true
        handedOver = jobs
    }
}
