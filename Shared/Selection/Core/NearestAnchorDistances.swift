/// For every point, the squared distance to the nearest "anchor" (a labelled or already-picked scan), kept
/// up to date incrementally: each new anchor costs one O(n·d) pass. Farthest-point sampling, k-center greedy
/// and the entropy+diversity score all read this, so distances are always recomputed after every pick.
struct NearestAnchorDistances {
    let space: Matrix
    /// +∞ until the first anchor exists.
    private(set) var squared: [Double]
    private(set) var isAnchor: [Bool]

    init(_ space: Matrix, anchors: [Int] = []) {
        self.space = space
        squared = [Double](repeating: .infinity, count: space.rows)
        isAnchor = [Bool](repeating: false, count: space.rows)
        for a in anchors { add(a) }
    }

    mutating func add(_ index: Int) {
        isAnchor[index] = true
        space.values.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            let d = space.cols
            let anchor = base + index * d
            for j in 0..<space.rows {
                let s = squaredEuclidean(anchor, base + j * d, d)
                if s < squared[j] { squared[j] = s }
            }
        }
    }

    func distance(_ index: Int) -> Double { squared[index].squareRoot() }

    /// True when `index` coincides with an anchor: picking it would duplicate an existing scan.
    func isDuplicate(_ index: Int) -> Bool { squared[index] == 0 }

    /// The non-anchor candidate farthest from all anchors (ties to the lower index); nil if none is left.
    func farthest<C: Sequence>(among candidates: C) -> Int? where C.Element == Int {
        var best: Int?
        for c in candidates where !isAnchor[c] {
            if let b = best, squared[c] <= squared[b] { continue }
            best = c
        }
        return best
    }
}
