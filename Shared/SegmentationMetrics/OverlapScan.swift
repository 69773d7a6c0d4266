/// Voxel counts of one class in both maps, their intersection, and the box enclosing either mask.
struct OverlapCounts {
    var prediction = 0
    var truth = 0
    var intersection = 0
    /// Bounding box of the union of both masks; `nil` when both are empty. Each mask's extreme voxels are
    /// surface voxels, so this is also the bounding box of both surfaces, which is all the distance transform
    /// needs to see.
    var box: VoxelBox?
}

enum OverlapScan {
    /// One pass over the full maps; everything later works inside the returned box only.
    static func count(prediction: UnsafePointer<UInt8>, truth: UnsafePointer<UInt8>, grid: VoxelGrid,
                      label: UInt8) -> OverlapCounts {
        var result = OverlapCounts()
        let width = grid.width
        for row in 0..<(grid.depth * grid.height) {
            let p = prediction + row * width
            let t = truth + row * width
            var inPrediction = 0, inTruth = 0, inBoth = 0
            for x in 0..<width {
                let a = p[x] == label ? 1 : 0
                let b = t[x] == label ? 1 : 0
                inPrediction &+= a
                inTruth &+= b
                inBoth &+= a & b
            }
            guard inPrediction + inTruth > 0 else { continue }
            result.prediction += inPrediction
            result.truth += inTruth
            result.intersection += inBoth
            var first = 0
            while p[first] != label && t[first] != label { first += 1 }
            var last = width - 1
            while p[last] != label && t[last] != label { last -= 1 }
            let z = row / grid.height, y = row % grid.height
            if var box = result.box {
                box.z0 = min(box.z0, z); box.z1 = max(box.z1, z + 1)
                box.y0 = min(box.y0, y); box.y1 = max(box.y1, y + 1)
                box.x0 = min(box.x0, first); box.x1 = max(box.x1, last + 1)
                result.box = box
            } else {
                result.box = VoxelBox(z0: z, z1: z + 1, y0: y, y1: y + 1, x0: first, x1: last + 1)
            }
        }
        return result
    }
}
