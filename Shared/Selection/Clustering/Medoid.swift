/// The member of a point set minimising the summed Euclidean distance to all members.
enum Medoid {
    /// Exact up to this many members; above it only the members nearest the centroid are candidates
    /// (the Euclidean medoid lies close to the mean), but their sums still run over every member.
    static let exactLimit = 3_000
    static let candidateCount = 256

    /// Returns the index into `members` and the mean distance of the medoid to the members.
    static func of(_ members: [Int], in space: Matrix) -> (member: Int, meanDistance: Double) {
        ranked(members, in: space)[0]
    }

    /// Medoid candidates, most central first (ties to the lower index): indices into `members` with their mean
    /// distance to all members. Strategies that must skip a duplicate pick take the next one.
    static func ranked(_ members: [Int], in space: Matrix) -> [(member: Int, meanDistance: Double)] {
        let points = space.selecting(rows: members)
        var candidates = Array(0..<members.count)
        if members.count > exactLimit {
            let mean = Matrix(unchecked: 1, space.cols, points.columnMeans())
            let toMean = (0..<points.rows).map { points.squaredDistance($0, mean, 0) }
            candidates = Array(candidates.sorted { toMean[$0] < toMean[$1] }.prefix(candidateCount)).sorted()
        }
        var sums = [Double](repeating: 0, count: candidates.count)
        BlockDistances(points.selecting(rows: candidates), points).forEachRow { r, row in
            var sum = 0.0
            for d in row { sum += d.squareRoot() }
            sums[r] = sum
        }
        return candidates.indices.sorted { sums[$0] != sums[$1] ? sums[$0] < sums[$1] : $0 < $1 }
            .map { (candidates[$0], sums[$0] / Double(members.count)) }
    }
}
