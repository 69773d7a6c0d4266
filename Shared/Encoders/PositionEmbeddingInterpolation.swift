/// Resamples DINOv2's square grid of patch position embeddings to another grid exactly as transformers 5.x
/// `Dinov2Embeddings.interpolate_pos_encoding` does: F.interpolate(size=(rows, cols), mode="bicubic",
/// align_corners=False), no antialiasing. That is PyTorch's cubic convolution with A = −0.75, source
/// coordinate (i + ½)·in/out − ½ without clamping, and the four taps clamped to the border.
enum PositionEmbeddingInterpolation {
    /// For one output coordinate: four input indices and their weights.
    struct Taps {
        var indices: [Int]
        var weights: [Float]
    }

    static func taps(input: Int, output: Int) -> [Taps] {
        let scale = Float(input) / Float(output)
        return (0..<output).map { i in
            let source = (Float(i) + 0.5) * scale - 0.5
            let floor = source.rounded(.down)
            let t = source - floor
            let a: Float = -0.75
            // PyTorch's cubic_convolution2 for |x| in (1, 2) and cubic_convolution1 for |x| ≤ 1.
            func outer(_ x: Float) -> Float { ((a * x - 5 * a) * x + 8 * a) * x - 4 * a }
            func inner(_ x: Float) -> Float { ((a + 2) * x - (a + 3)) * x * x + 1 }
            return Taps(indices: (-1...2).map { min(max(Int(floor) + $0, 0), input - 1) },
                        weights: [outer(t + 1), inner(t), inner(1 - t), outer(2 - t)])
        }
    }

    /// `grid` is [side·side, dim] (row-major patch order, as stored after the class token); returns
    /// [rows·cols, dim] in the same layout.
    static func bicubic(_ grid: [Float], side: Int, dim: Int, rows: Int, cols: Int) -> [Float] {
        let rowTaps = taps(input: side, output: rows), colTaps = taps(input: side, output: cols)
        var out = [Float](repeating: 0, count: rows * cols * dim)
        for (y, r) in rowTaps.enumerated() {
            for (x, c) in colTaps.enumerated() {
                let target = (y * cols + x) * dim
                for (ry, wy) in zip(r.indices, r.weights) {
                    for (cx, wx) in zip(c.indices, c.weights) {
                        let source = (ry * side + cx) * dim, weight = wy * wx
                        for d in 0..<dim { out[target + d] += weight * grid[source + d] }
                    }
                }
            }
        }
        return out
    }
}
