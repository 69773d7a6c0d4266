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
    let finished: FinishFlag

    public var client: PostgresClient { queue.client }

    public func finish(result: String? = nil,
                       _ record: (PostgresConnection) async throws -> Void = { _ in }) async throws {
        let job = self.job
        let logger = self.logger
        do {
            try await queue.client.withTransaction(logger: logger) { connection in
                try await record(connection)
                try await JobQueue.complete(job, result: result, on: connection, logger: logger)
            }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error.commitError ?? error
        }
        await finished.set()
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

actor FinishFlag {
    private(set) var isSet = false
    func set() { isSet = true }
}
