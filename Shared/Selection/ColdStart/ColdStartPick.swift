/// One scan chosen for annotation, with the reason shown to the radiology team.
public struct ColdStartPick: Sendable, Equatable, Codable {
    public let index: Int
    /// Cluster the scan belongs to, for strategies that cluster.
    public let cluster: Int?
    public let reason: String
}

/// The result of a cold-start selection: the picks in order, and the clustering behind them if any.
public struct ColdStartSelection: Sendable, Equatable {
    public let picks: [ColdStartPick]
    public let clustering: ClusterCountChoice?
    public var indices: [Int] { picks.map(\.index) }
}
