/// Splits a budget over clusters the paper's way: one medoid per cluster, the rest in proportion to cluster
/// size with largest-remainder rounding, never more than a cluster holds. Counts always sum to the budget.
public enum ProportionalAllocation {
    public static func allocate(budget: Int, sizes: [Int]) throws(SelectionError) -> [Int] {
        guard budget >= 0 else {
            throw .invalidParameter(name: "budget", value: "\(budget)", requirement: "non-negative")
        }
        guard sizes.allSatisfy({ $0 >= 0 }) else {
            throw .invalidParameter(name: "cluster sizes", value: "\(sizes)", requirement: "non-negative")
        }
        let pool = sizes.reduce(0, +)
        guard budget <= pool else { throw .budgetExceedsPool(budget: budget, pool: pool) }
        let nonEmpty = sizes.indices.filter { sizes[$0] > 0 }
        var counts = [Int](repeating: 0, count: sizes.count)
        // Fewer picks than clusters: the largest clusters get their medoid, ties to the lower cluster id.
        let bySize = nonEmpty.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
        for c in bySize.prefix(budget) { counts[c] = 1 }
        var remaining = budget - counts.reduce(0, +)
        // Capped clusters drop out and their share is split again over the rest, until nothing is left over.
        while remaining > 0 {
            let open = nonEmpty.filter { counts[$0] < sizes[$0] }
            let weight = open.reduce(0) { $0 + sizes[$1] }
            var share = [Int: Double]()
            for c in open { share[c] = Double(remaining) * Double(sizes[c]) / Double(weight) }
            var given = 0
            for c in open {
                let whole = min(Int(share[c, default: 0]), sizes[c] - counts[c])
                counts[c] += whole
                given += whole
            }
            let byRemainder = open.filter { counts[$0] < sizes[$0] }.sorted { l, r in
                let fl = share[l, default: 0] - share[l, default: 0].rounded(.down)
                let fr = share[r, default: 0] - share[r, default: 0].rounded(.down)
                if fl != fr { return fl > fr }
                return sizes[l] != sizes[r] ? sizes[l] > sizes[r] : l < r
            }
            for c in byRemainder.prefix(remaining - given) {
                counts[c] += 1
                given += 1
            }
            remaining -= given
        }
        return counts
    }
}

/// The paper's split as both cluster-proportional strategies use it: each cluster's members, its share of the
/// budget, and the order clusters are served in — largest first, so that when the budget is below k the biggest
/// clusters are served.
struct ClusterShares {
    let members: [[Int]]
    let quota: [Int]
    let order: [Int]

    init(_ space: Matrix, clustering: KMeansResult, budget: Int) throws(SelectionError) {
        guard clustering.labels.count == space.rows else {
            throw .shapeMismatch(what: "cluster labels", expected: space.rows, actual: clustering.labels.count)
        }
        guard budget <= space.rows else { throw .budgetExceedsPool(budget: budget, pool: space.rows) }
        let members = clustering.members
        self.members = members
        quota = try ProportionalAllocation.allocate(budget: budget, sizes: members.map(\.count))
        order = members.indices.sorted { members[$0].count != members[$1].count ? members[$0].count > members[$1].count : $0 < $1 }
    }
}
