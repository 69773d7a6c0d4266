import Foundation

/// A job's payload type names its kind, so a kind is never enqueued with, or decoded as, another kind's payload.
public protocol JobPayload: Codable, Sendable {
    static var kind: String { get }
}

extension NewJob {
    public init<Payload: JobPayload>(_ payload: Payload, projectID: String? = nil, idempotencyKey: String? = nil,
                                     notBefore: Date? = nil, priority: Int = 0, maxAttempts: Int = 5) throws {
        try self.init(kind: Payload.kind, projectID: projectID, payload: payload, idempotencyKey: idempotencyKey,
                      priority: priority, maxAttempts: maxAttempts)
        self.notBefore = notBefore
    }
}

extension ClaimedJob {
    /// The payload of a job of `Payload.kind`; a job of any other kind is refused, not misread.
    public func payload<Payload: JobPayload>(_ type: Payload.Type) throws(JobPayloadError) -> Payload {
        guard kind == Payload.kind else {
            throw JobPayloadError(jobID: id, kind: kind, reason: "a '\(Payload.kind)' handler was given it")
        }
        return try decodePayload(type)
    }
}

/// A failure that another attempt would repeat (a malformed payload, a refused life-cycle event, a pool too
/// small to cluster): the job goes `dead` at once with its message instead of being retried.
public protocol PermanentJobError: Error {}

extension JobPayloadError: PermanentJobError {}
