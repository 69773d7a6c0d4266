/// The member of a point set minimising the summed Euclidean distance to all members.
enum Medoid {
    /// Exact up to this many members; above it only the members nearest the centroid are candidates
    /// (the Euclidean medoid lies close to the mean), but their sums still run over every member.
    static let exactLimit = 3_000
    static let candidateCount = 256

    /// Returns the index into `members` and the mean distance of the medoid to the members.
    static func of(_ members: [Int], in space: Matrix) -> (member: Int, meanDistance: Double) {
        let points = space.selecting(rows: members)
        var candidates = Array(0..<members.count)
        if members.count > exactLimit {
            let mean = Matrix(unchecked: 1, space.cols, points.columnMeans())
            let toMean = (0..<points.rows).map { points.squaredDistance($0, mean, 0) }
            candidates = Array(candidates.sorted { toMean[$0] < toMean[$1] }.prefix(candidateCount)).sorted()
        }
        var best = (member: members.startIndex, sum: Double.infinity)
        BlockDistances(points.selecting(rows: candidates), points).forEachRow { r, row in
            var sum = 0.0
            for d in row { sum += d.squareRoot() }
            if sum < best.sum { best = (candidates[r], sum) }
        }
        return (best.member, best.sum / Double(members.count))
    }
}
