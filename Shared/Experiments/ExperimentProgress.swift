import Foundation

/// How far the experiment is, counted in evaluated rounds, and how long the rest should take at the pace of
/// the rounds this run has done (rounds finished by an earlier run took no time now, so they do not count).
public struct ExperimentProgress: Sendable, Equatable {
    public let total: Int
    public let done: Int
    public let doneThisRun: Int
    public let elapsed: Double

    public init(total: Int, done: Int, doneThisRun: Int, elapsed: Double) {
        self.total = total
        self.done = done
        self.doneThisRun = doneThisRun
        self.elapsed = elapsed
    }

    /// Seconds left, or nil before this run has finished a round.
    public var estimatedRemaining: Double? {
        guard doneThisRun > 0 else { return nil }
        return elapsed / Double(doneThisRun) * Double(max(0, total - done))
    }

    public static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 3600 ? "\(whole / 3600)h\(String(format: "%02d", whole % 3600 / 60))m"
            : whole >= 60 ? "\(whole / 60)m\(String(format: "%02d", whole % 60))s" : "\(whole)s"
    }

    public var summary: String {
        "\(done)/\(total) rounds, elapsed \(Self.duration(elapsed))"
            + (estimatedRemaining.map { ", about \(Self.duration($0)) left" } ?? "")
    }
}
