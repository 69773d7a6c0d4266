import Foundation

/// What the console's pages show, read-only and already shaped for rendering.
public struct ProjectRow: Sendable, Equatable {
    public let id: String
    public let pool: Int
    public let test: Int
    /// Labelled pool scans (the test split's labels only measure).
    public let labelled: Int
    public let failed: Int
    public let round: Int?
    public let roundState: String?
    public let lastActivity: Date
}

public struct RoundRow: Sendable, Equatable {
    public let number: Int
    public let state: String
    public let strategy: String
    public let openedAt: Date
    public let closedAt: Date?
    public let picks: Int
    public let labelled: Int
    public let skipped: Int
}

public struct CurvePoint: Sendable, Equatable {
    public let round: Int
    public let labelled: Int
    public let validationDice: Double?
    public let testDice: Double?
    public let testHD95: Double?
    public let distanceUnit: String?
}

public struct PoolCount: Sendable, Equatable {
    public let state: String
    public let labelStatus: String
    public let count: Int
}

public struct FailedScan: Sendable, Equatable {
    public let scan: UUID
    public let error: String?
}

public struct QueueJob: Sendable, Equatable {
    public let id: Int64
    public let kind: String
    public let state: String
    public let attempts: Int
    public let maxAttempts: Int
    public let progressJSON: String?
    public let error: String?
    public let updatedAt: Date
}

public struct QueueCount: Sendable, Equatable {
    public let kind: String
    public let state: String
    public let count: Int
}

public struct ProjectOverview: Sendable {
    public let project: ProjectRow
    public let rounds: [RoundRow]
    public let curve: [CurvePoint]
    public let pool: [PoolCount]
    public let failures: [FailedScan]
    public let active: [QueueJob]
    public let counts: [QueueCount]
}

public struct MapRow: Sendable, Equatable {
    public let scan: UUID
    public let x: Double
    public let y: Double
    public let cluster: Int
    public let pickedInRound: Int?
    public let rank: Int?
    public let reason: String?
    public let labelStatus: String
}

public struct BatchCard: Sendable, Equatable {
    public let round: Int
    public let rank: Int
    public let scan: UUID
    public let score: Double?
    public let reason: String
    public let cluster: Int?
    public let strategy: String
    public let componentsJSON: String
    public let labelStatus: String
    public let preAnnotationFormat: String?
}

public struct ScanHistory: Sendable {
    public struct Embedding: Sendable, Equatable { public let encoder: String; public let checksum: String; public let at: Date }
    public struct Placement: Sendable, Equatable {
        public let clusterRun: Int64; public let k: Int; public let cluster: Int; public let x: Double; public let y: Double
    }
    public struct Pick: Sendable, Equatable {
        public let round: Int; public let rank: Int; public let strategy: String; public let score: Double?; public let reason: String
    }
    public struct Score: Sendable, Equatable { public let round: Int; public let uncertainty: Double }
    public struct Label: Sendable, Equatable {
        public let version: Int; public let source: String; public let at: Date; public let current: Bool
    }
    public struct PreAnnotation: Sendable, Equatable {
        public let round: Int; public let format: String?; public let path: String?; public let error: String?
    }

    public let scan: UUID
    public let project: String
    public let modality: String
    public let shape: [Int]
    public let split: String
    public let state: String
    public let labelStatus: String
    public let ingestedAt: Date
    public let lastError: String?
    public let embeddings: [Embedding]
    public let placements: [Placement]
    public let picks: [Pick]
    public let scores: [Score]
    public let labels: [Label]
    public let skip: (reason: String, by: String, at: Date)?
    public let preAnnotations: [PreAnnotation]
}
