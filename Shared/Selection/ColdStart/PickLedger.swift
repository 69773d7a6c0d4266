import Foundation

/// Collects picks for every cold-start strategy and enforces the one rule they all share: never pick a scan
/// identical to an already-picked one while distinct scans remain. Whatever a strategy cannot fill with
/// distinct scans is topped up by farthest-point sampling over the whole pool.
struct PickLedger {
    let budget: Int
    private(set) var picks: [ColdStartPick] = []
    private(set) var nearest: NearestAnchorDistances

    init(space: Matrix, budget: Int) {
        self.budget = budget
        nearest = NearestAnchorDistances(space)
    }

    var isFull: Bool { picks.count >= budget }

    /// Accepts the pick unless it is already picked, duplicates a pick, or the budget is spent.
    @discardableResult
    mutating func add(_ index: Int, cluster: Int?, reason: String) -> Bool {
        guard !isFull, !nearest.isAnchor[index], !nearest.isDuplicate(index) else { return false }
        nearest.add(index)
        picks.append(ColdStartPick(index: index, cluster: cluster, reason: reason))
        return true
    }

    /// Farthest-point sampling over `candidates` until `count` more are picked or they run out of distinct points.
    mutating func addFarthest(_ candidates: [Int], count: Int, cluster: Int?, describe: (Double) -> String) {
        var added = 0
        while added < count, !isFull, let next = nearest.farthest(among: candidates), !nearest.isDuplicate(next) {
            add(next, cluster: cluster, reason: describe(nearest.distance(next)))
            added += 1
        }
    }

    /// Tops the selection up to the budget: distinct scans first (farthest from all picks), then — only once
    /// every distinct scan is taken — the remaining duplicates in index order.
    mutating func completed(labels: [Int]? = nil) -> [ColdStartPick] {
        let all = Array(0..<nearest.space.rows)
        while !isFull, let next = nearest.farthest(among: all), !nearest.isDuplicate(next) {
            add(next, cluster: labels?[next],
                reason: "farthest point from all picks (distance \(format(nearest.distance(next)))), fills the budget")
        }
        for i in all where !isFull && !nearest.isAnchor[i] {
            nearest.add(i)
            picks.append(ColdStartPick(index: i, cluster: labels?[i],
                                       reason: "duplicate of an earlier pick: no distinct scans remain"))
        }
        return picks
    }
}

/// Distances in reasons: three significant digits are enough to compare picks by eye.
func format(_ value: Double) -> String {
    String(format: "%.3g", value)
}
