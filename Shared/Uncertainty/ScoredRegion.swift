/// The pixels (voxels) a scan's uncertainty is averaged over, when not the whole image: uncertainty concentrates
/// where the model draws its boundaries, and in a volume whose structure fills a small part the background's
/// near-zero entropy would otherwise drown the signal.
enum ScoredRegion {
    /// Pixels within city-block distance `width` of the predicted boundary, i.e. the boundary dilated `width`
    /// times with the 4-neighbour (6 in 3-D) cross. Boundary pixels are those with a face neighbour inside the
    /// image that has a different label: both sides of every label change, and never the image edge itself,
    /// which is not something the model predicted.
    static func boundaryBand(labels: [Int32], shape: [Int], width: Int) -> [Bool] {
        let grid = Grid(shape: shape)
        var seeds = [Bool](repeating: false, count: labels.count)
        grid.forEachForwardNeighbour { i, neighbour in
            if labels[neighbour] != labels[i] {
                seeds[i] = true
                seeds[neighbour] = true
            }
        }
        return grid.within(width, of: seeds)
    }

    /// The predicted foreground (any label but 0) and the pixels within city-block distance `width` of it.
    static func foregroundNeighbourhood(labels: [Int32], shape: [Int], width: Int) -> [Bool] {
        Grid(shape: shape).within(width, of: labels.map { $0 != 0 })
    }

    private struct Grid {
        let columns: Int, rows: Int, planes: Int

        init(shape: [Int]) {
            columns = shape[shape.count - 1]
            rows = shape[shape.count - 2]
            planes = shape.count == 3 ? shape[0] : 1
        }

        var plane: Int { rows * columns }

        /// Each face-neighbour pair once, as (index, the neighbour after it along x, y or z).
        func forEachForwardNeighbour(_ body: (Int, Int) -> Void) {
            for z in 0..<planes {
                for y in 0..<rows {
                    for x in 0..<columns {
                        let i = z * plane + y * columns + x
                        if x + 1 < columns { body(i, i + 1) }
                        if y + 1 < rows { body(i, i + columns) }
                        if z + 1 < planes { body(i, i + plane) }
                    }
                }
            }
        }

        /// Pixels at city-block distance ≤ `width` from a seed: two raster sweeps with half-neighbourhoods give
        /// the exact distance.
        func within(_ width: Int, of seeds: [Bool]) -> [Bool] {
            let unreached = Int32.max - 1
            var distance = seeds.map { $0 ? Int32(0) : unreached }
            for z in 0..<planes {
                for y in 0..<rows {
                    for x in 0..<columns {
                        let i = z * plane + y * columns + x
                        var best = distance[i]
                        if x > 0 { best = min(best, distance[i - 1] + 1) }
                        if y > 0 { best = min(best, distance[i - columns] + 1) }
                        if z > 0 { best = min(best, distance[i - plane] + 1) }
                        distance[i] = best
                    }
                }
            }
            for z in (0..<planes).reversed() {
                for y in (0..<rows).reversed() {
                    for x in (0..<columns).reversed() {
                        let i = z * plane + y * columns + x
                        var best = distance[i]
                        if x + 1 < columns { best = min(best, distance[i + 1] + 1) }
                        if y + 1 < rows { best = min(best, distance[i + columns] + 1) }
                        if z + 1 < planes { best = min(best, distance[i + plane] + 1) }
                        distance[i] = best
                    }
                }
            }
            return distance.map { $0 <= width }
        }
    }
}
