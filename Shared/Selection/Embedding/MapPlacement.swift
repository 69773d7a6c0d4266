import Foundation

/// Places new scans in an existing 2-D map without moving the points already there (so every earlier pick keeps
/// its place and its reason): each new point goes to the affinity-weighted mean position of its nearest
/// placed neighbours in the embedding space, and to the cluster that carries most of that affinity. This is the
/// initial placement openTSNE's `transform` starts from (Poličar et al. 2019), without its optimisation steps:
/// neighbours fixed, a Gaussian kernel whose width is the median neighbour distance.
public enum MapPlacement {
    public struct Placed: Sendable, Equatable {
        public let x: Double
        public let y: Double
        public let cluster: Int
    }

    /// `queries` and `reference` are rows of the same (normalised) embedding space; `positions` and `clusters`
    /// belong to the reference rows.
    public static func place(_ queries: Matrix, reference: Matrix, positions: [(x: Double, y: Double)], clusters: [Int],
                             neighbours: Int = 10) throws(SelectionError) -> [Placed] {
        guard reference.rows > 0 else { throw .emptyPool }
        guard positions.count == reference.rows, clusters.count == reference.rows else {
            throw .shapeMismatch(what: "map points", expected: reference.rows, actual: min(positions.count, clusters.count))
        }
        guard queries.cols == reference.cols else {
            throw .shapeMismatch(what: "embedding dimensions", expected: reference.cols, actual: queries.cols)
        }
        let k = max(1, min(neighbours, reference.rows))
        var placed: [Placed] = []
        placed.reserveCapacity(queries.rows)
        BlockDistances(queries, reference).forEachRow { _, row in
            let nearest = Array(row.indices.sorted { row[$0] != row[$1] ? row[$0] < row[$1] : $0 < $1 }.prefix(k))
            let distances = nearest.map { row[$0] }
            let width = max(distances.sorted()[distances.count / 2], 1e-12)
            let weights = distances.map { exp(-$0 / (2 * width)) }
            let total = weights.reduce(0, +)
            var x = 0.0, y = 0.0
            var votes: [Int: Double] = [:]
            for (j, w) in zip(nearest, weights) {
                x += w * positions[j].x
                y += w * positions[j].y
                votes[clusters[j], default: 0] += w
            }
            let cluster = votes.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key ?? clusters[nearest[0]]
            placed.append(Placed(x: x / total, y: y / total, cluster: cluster))
        }
        return placed
    }
}
