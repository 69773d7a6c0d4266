import Foundation
import JobQueue

/// embedding-service: one scan gets its embedding.
public struct EmbedPayload: JobPayload, Equatable {
    public static let kind = "embed"
    public var scan: UUID
    public init(scan: UUID) { self.scan = scan }
}

/// clustering-service: the embedded pool gets its map, clusters and round 0's picks. Budget and strategy
/// override the project's cold-start settings (`scanselect coldstart --budget --strategy`).
public struct ClusterPayload: JobPayload, Equatable {
    public static let kind = "cluster"
    public var budget: Int?
    public var strategy: ColdStartStrategyName?
    /// Enqueued by the pool itself rather than asked for: when round 0 exists by the time it runs, it has
    /// nothing to do and completes instead of failing.
    public var automatic: Bool?
    public init(budget: Int? = nil, strategy: ColdStartStrategyName? = nil, automatic: Bool? = nil) {
        self.budget = budget
        self.strategy = strategy
        self.automatic = automatic
    }
}

/// trainer-service: the round's labelled scans train its model.
public struct TrainPayload: JobPayload, Equatable {
    public static let kind = "train"
    public var round: Int
    public init(round: Int) { self.round = round }
}

/// selector-service: the round's model scores the unlabelled pool.
public struct ScorePayload: JobPayload, Equatable {
    public static let kind = "score"
    public var round: Int
    public init(round: Int) { self.round = round }
}

/// selector-service: round `round`'s batch is picked from the previous round's scores.
public struct SelectPayload: JobPayload, Equatable {
    public static let kind = "select"
    public var round: Int
    public init(round: Int) { self.round = round }
}

extension PipelineJob {
    /// The queue entry: typed payload, and an idempotency key so that a stage retried after its commit, or an
    /// event seen twice, enqueues nothing new.
    public func newJob(project: String) throws -> NewJob {
        switch self {
        case let .embed(scan, content):
            try NewJob(EmbedPayload(scan: scan), projectID: project, idempotencyKey: "embed:\(scan)" + (content.map { ":" + $0 } ?? ""))
        case let .coldStart(poolSize, afterSeconds, follows):
            // Keyed by pool size: a pool that grows before round 0 exists gets a fresh check once it is quiet.
            try NewJob(ClusterPayload(automatic: true), projectID: project,
                       idempotencyKey: "cluster:\(project):auto:\(poolSize)" + (follows.map { ":after-\($0)" } ?? ""),
                       notBefore: afterSeconds > 0 ? Date().addingTimeInterval(afterSeconds) : nil)
        case let .train(round):
            try NewJob(TrainPayload(round: round), projectID: project, idempotencyKey: "train:\(project):\(round)")
        case let .score(round):
            try NewJob(ScorePayload(round: round), projectID: project, idempotencyKey: "score:\(project):\(round)")
        case let .select(round):
            try NewJob(SelectPayload(round: round), projectID: project, idempotencyKey: "select:\(project):\(round)")
        }
    }
}
