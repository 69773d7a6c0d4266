import Foundation
import JobQueue
import Logging
import PostgresNIO

/// Runs a service's `SmokeJob`. The payload may ask it to take a while (`sleep_ms`) or to throw (`fail`).
public struct SmokeHandler: JobHandler {
    public let service: String
    public var kinds: [String] { [SmokeJob.kind(for: service)] }

    public init(service: String) {
        self.service = service
    }

    struct Payload: Decodable {
        var sleepMs: Int?
        var fail: String?
        enum CodingKeys: String, CodingKey {
            case sleepMs = "sleep_ms"
            case fail
        }
    }

    public struct RequestedFailure: Error, CustomStringConvertible {
        public let description: String
    }

    public func handle(_ job: ClaimedJob, context: JobContext) async throws {
        let payload = try job.decodePayload(Payload.self)
        if let sleep = payload.sleepMs, sleep > 0 { try await Task.sleep(for: .milliseconds(sleep)) }
        if let message = payload.fail { throw RequestedFailure(description: message) }
        try await context.finish(result: #"{"service":"\#(service)","worker":"\#(job.worker)"}"#)
    }
}

/// Routes each job to the handler that owns its kind, so one service can serve several kinds.
public struct HandlerSet: JobHandler {
    public let handlers: [any JobHandler]
    public var kinds: [String] { handlers.flatMap(\.kinds) }

    public init(_ handlers: [any JobHandler]) {
        self.handlers = handlers
    }

    public func handle(_ job: ClaimedJob, context: JobContext) async throws {
        guard let handler = handlers.first(where: { $0.kinds.contains(job.kind) }) else {
            throw UnknownJobKind(kind: job.kind)
        }
        try await handler.handle(job, context: context)
    }

    public func jobDied(_ job: ClaimedJob, error: String, client: PostgresClient, logger: Logger) async throws {
        try await handlers.first { $0.kinds.contains(job.kind) }?.jobDied(job, error: error, client: client, logger: logger)
    }
}

public struct UnknownJobKind: Error, CustomStringConvertible {
    public let kind: String
    public var description: String { "no handler for job kind '\(kind)' in this service" }
}
