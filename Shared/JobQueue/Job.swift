import Foundation

/// A job to put on the queue. `payload` is JSON; an `idempotencyKey` makes enqueueing the same logical
/// job twice a no-op (the second call returns the first job's id).
public struct NewJob: Sendable, Equatable {
    public var kind: String
    public var projectID: String?
    public var payload: String
    public var idempotencyKey: String?
    public var priority: Int
    public var notBefore: Date?
    public var maxAttempts: Int

    public init(kind: String, projectID: String? = nil, payload: String = "{}", idempotencyKey: String? = nil,
                priority: Int = 0, notBefore: Date? = nil, maxAttempts: Int = 5) {
        self.kind = kind
        self.projectID = projectID
        self.payload = payload
        self.idempotencyKey = idempotencyKey
        self.priority = priority
        self.notBefore = notBefore
        self.maxAttempts = maxAttempts
    }

    public init<Payload: Encodable>(kind: String, projectID: String? = nil, payload: Payload,
                                    idempotencyKey: String? = nil, priority: Int = 0, maxAttempts: Int = 5) throws {
        let data = try JSONEncoder.sorted.encode(payload)
        self.init(kind: kind, projectID: projectID, payload: String(decoding: data, as: UTF8.self),
                  idempotencyKey: idempotencyKey, priority: priority, maxAttempts: maxAttempts)
    }
}

/// What a worker asks the queue for: up to `limit` jobs of `kinds`, leased to `worker` for `lease`.
public struct ClaimRequest: Sendable, Equatable {
    public var kinds: [String]
    public var worker: String
    public var lease: Duration
    public var limit: Int

    public init(kinds: [String], worker: String, lease: Duration, limit: Int = 1) {
        self.kinds = kinds
        self.worker = worker
        self.lease = lease
        self.limit = limit
    }
}

/// A job this worker holds the lease on. Everything that changes it checks `worker` against the lease, so a
/// worker whose lease expired (and whose job someone else now runs) can no longer complete or fail it.
public struct ClaimedJob: Sendable, Equatable {
    public let id: Int64
    public let kind: String
    public let projectID: String?
    public let payload: String
    public let attempt: Int
    public let maxAttempts: Int
    public let worker: String

    public func decodePayload<Payload: Decodable>(_ type: Payload.Type) throws(JobPayloadError) -> Payload {
        do {
            return try JSONDecoder().decode(type, from: Data(payload.utf8))
        } catch {
            throw JobPayloadError(jobID: id, kind: kind, reason: "\(error)")
        }
    }
}

public struct JobPayloadError: Error, CustomStringConvertible {
    public let jobID: Int64
    public let kind: String
    public let reason: String
    public var description: String {
        "job \(jobID) (\(kind)) has a malformed payload: \(reason); re-enqueue it with the fields the \(kind) worker expects"
    }
}

/// What happened to a job that failed.
public enum FailureOutcome: Sendable, Equatable {
    case retry(after: TimeInterval)
    case dead
    /// The lease had already expired; the reaper or another worker owns the job now.
    case leaseLost
}

/// One row of a job's attempt history.
public struct JobAttempt: Sendable, Equatable {
    public let attempt: Int
    public let worker: String
    public let startedAt: Date
    public let endedAt: Date?
    public let outcome: AttemptOutcome?
    public let error: String?
}

/// A job row as the CLI shows it.
public struct JobRecord: Sendable {
    public let id: Int64
    public let kind: String
    public let projectID: String?
    public let state: JobState
    public let attempts: Int
    public let maxAttempts: Int
    public let payload: String
    public let progress: String?
    public let result: String?
    public let lastError: String?
    /// The worker holding the lease while the job runs.
    public let leaseOwner: String?
    public let createdAt: Date
    public let updatedAt: Date
}

/// Thrown when completing a job whose lease this worker no longer holds. Inside a transaction it rolls back
/// the stage's results too, so a job's effects are recorded exactly once.
public struct LeaseLost: Error, CustomStringConvertible {
    public let jobID: Int64
    public let worker: String
    public var description: String {
        "job \(jobID): worker \(worker) no longer holds the lease (it expired and the job was requeued)"
    }
}

extension JSONEncoder {
    /// Sorted keys make payloads byte-stable, which keeps idempotency keys derived from them stable.
    public static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
