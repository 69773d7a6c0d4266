import NumericSupport
/// Channel concatenation of NCHW tensors (torch.cat(dim=1)) and its adjoint.
public enum Concatenation {
    public static func channels(_ parts: [Tensor], into output: TensorBuffer = TensorBuffer()) -> Tensor {
        let batch = parts[0].shape[0]
        let sizes = parts.map { $0.count / batch }
        let total = sizes.reduce(0, +)
        let channels = parts.reduce(0) { $0 + $1.shape[1] }
        return output.tensor([batch, channels] + Array(parts[0].shape.dropFirst(2))) { out in
            parallelFor(batch) { n in
                var offset = n * total
                for (part, size) in zip(parts, sizes) {
                    part.data.withUnsafeBufferPointer { pb in
                        (out.baseAddress.unsafelyUnwrapped + offset).update(from: pb.baseAddress.unsafelyUnwrapped + n * size, count: size)
                    }
                    offset += size
                }
            }
        }
    }

    /// Splits a gradient of the concatenation back into parts of `channelCounts` channels.
    public static func split(_ x: Tensor, channelCounts: [Int], into outputs: [TensorBuffer]? = nil) -> [Tensor] {
        let batch = x.shape[0], channels = x.shape[1], pixels = x.count / max(1, batch * channels)
        var start = 0
        return channelCounts.enumerated().map { index, count in
            let first = start
            start += count
            return (outputs?[index] ?? TensorBuffer()).tensor([batch, count] + Array(x.shape.dropFirst(2))) { out in
                x.data.withUnsafeBufferPointer { xb in
                    for n in 0..<batch {
                        (out.baseAddress.unsafelyUnwrapped + n * count * pixels)
                            .update(from: xb.baseAddress.unsafelyUnwrapped + (n * channels + first) * pixels, count: count * pixels)
                    }
                }
            }
        }
    }
}
