import Engine

/// Reshapes between the layouts a vision transformer's ops need, for [batch, tokens, dim] sequences.
enum TokenLayout {
    /// Patch-embedding conv output [B, D, gh, gw] → [B, 1 + gh·gw, D] with the class token first and the
    /// position embeddings ([1 + gh·gw, D], class position first) added.
    static func sequence(patches: Tensor, classToken: [Float], positions: [Float]) -> Tensor {
        let (batch, dim, rows, cols) = patches.nchw
        let count = rows * cols, tokens = count + 1
        var out = [Float](repeating: 0, count: batch * tokens * dim)
        patches.data.withUnsafeBufferPointer { p in
            for b in 0..<batch {
                let base = b * tokens * dim
                for d in 0..<dim { out[base + d] = classToken[d] + positions[d] }
                for d in 0..<dim {
                    let plane = (b * dim + d) * count
                    for i in 0..<count { out[base + (i + 1) * dim + d] = p[plane + i] + positions[(i + 1) * dim + d] }
                }
            }
        }
        return Tensor(shape: [batch, tokens, dim], data: out)
    }

    /// Fused projection [B, T, 3D] (query | key | value) → three [B, H, T, D/H] tensors; the query is
    /// multiplied by `queryScale` on the way (attention's 1/√d).
    static func splitHeads(_ qkv: Tensor, heads: Int, queryScale: Float) -> (query: Tensor, key: Tensor, value: Tensor) {
        let batch = qkv.shape[0], tokens = qkv.shape[1], dim = qkv.shape[2] / 3, width = dim / heads
        var parts = [[Float]](repeating: [Float](repeating: 0, count: batch * tokens * dim), count: 3)
        qkv.data.withUnsafeBufferPointer { source in
            for part in 0..<3 {
                let scale = part == 0 ? queryScale : 1
                parts[part].withUnsafeMutableBufferPointer { target in
                    for b in 0..<batch {
                        for t in 0..<tokens {
                            let row = (b * tokens + t) * 3 * dim + part * dim
                            for h in 0..<heads {
                                let out = ((b * heads + h) * tokens + t) * width
                                for i in 0..<width { target[out + i] = source[row + h * width + i] * scale }
                            }
                        }
                    }
                }
            }
        }
        let shape = [batch, heads, tokens, width]
        return (Tensor(shape: shape, data: parts[0]), Tensor(shape: shape, data: parts[1]),
                Tensor(shape: shape, data: parts[2]))
    }

    /// [B, H, T, w] → [B, T, H·w].
    static func mergeHeads(_ x: Tensor) -> Tensor {
        let batch = x.shape[0], heads = x.shape[1], tokens = x.shape[2], width = x.shape[3]
        var out = [Float](repeating: 0, count: x.count)
        x.data.withUnsafeBufferPointer { source in
            for b in 0..<batch {
                for h in 0..<heads {
                    for t in 0..<tokens {
                        let from = ((b * heads + h) * tokens + t) * width
                        let to = (b * tokens + t) * heads * width + h * width
                        for i in 0..<width { out[to + i] = source[from + i] }
                    }
                }
            }
        }
        return Tensor(shape: [batch, tokens, heads * width], data: out)
    }

    /// residual + y·scale, `scale` broadcast over the last dimension (DINOv2's layer scale).
    static func addScaled(_ residual: Tensor, _ y: Tensor, scale: [Float]) -> Tensor {
        let dim = scale.count
        var out = residual.data
        y.data.withUnsafeBufferPointer { source in
            for i in 0..<out.count { out[i] += source[i] * scale[i % dim] }
        }
        return Tensor(shape: residual.shape, data: out)
    }
}
