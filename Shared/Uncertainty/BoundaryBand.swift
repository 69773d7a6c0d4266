/// The band of pixels around a predicted boundary, where a segmentation's uncertainty concentrates.
enum BoundaryBand {
    /// Pixels within city-block distance `width` of the boundary, i.e. the boundary dilated `width` times with
    /// the 4-neighbour (6 in 3-D) cross. Boundary pixels are those with a face neighbour inside the image that
    /// has a different label: both sides of every label change, and never the image edge itself, which is not
    /// something the model predicted.
    static func mask(labels: [Int32], shape: [Int], width: Int) -> [Bool] {
        let columns = shape[shape.count - 1]
        let rows = shape[shape.count - 2]
        let planes = shape.count == 3 ? shape[0] : 1
        let plane = rows * columns
        let unreached = Int32.max - 1
        var distance = [Int32](repeating: unreached, count: labels.count)
        func markIfDifferent(_ i: Int, _ neighbour: Int) {
            if labels[neighbour] != labels[i] {
                distance[i] = 0
                distance[neighbour] = 0
            }
        }
        for z in 0..<planes {
            for y in 0..<rows {
                for x in 0..<columns {
                    let i = z * plane + y * columns + x
                    if x + 1 < columns { markIfDifferent(i, i + 1) }
                    if y + 1 < rows { markIfDifferent(i, i + columns) }
                    if z + 1 < planes { markIfDifferent(i, i + plane) }
                }
            }
        }
        // Two raster sweeps with half-neighbourhoods give the exact city-block distance.
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
