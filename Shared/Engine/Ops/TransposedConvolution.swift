import NumericSupport
/// Transposed convolution whose kernel equals its stride (PyTorch ConvTranspose2d / ConvTranspose3d(k, k,
/// stride: k), weight [in, out, k, k] or [in, out, k, k, k]): patches do not overlap, so each image is one sgemm
/// plus a scatter into the k×k (×k) blocks.
public enum TransposedConvolution {
    public static func forward(_ input: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        forward(input, weight: weight, bias: bias, workspace: Workspace(), output: TensorBuffer())
    }

    static func forward(_ input: Tensor, weight: Tensor, bias: Tensor?, workspace: Workspace,
                        output: TensorBuffer) -> Tensor {
        let (batch, inC, d, h, w) = input.ncdhw
        precondition(weight.rank == input.rank && weight.shape[0] == inC && Set(weight.shape.dropFirst(2)).count == 1,
                     "transposed conv weight \(weight.shape) does not take input \(input.shape)")
        let outC = weight.shape[1], k = weight.shape[2], kd = input.rank == 5 ? k : 1
        let rows = outC * kd * k * k, pixels = d * h * w
        let shape = input.rank == 5 ? [batch, outC, d * k, h * k, w * k] : [batch, outC, h * k, w * k]
        return output.tensor(shape) { out in
            input.withPointer { x in
                weight.withPointer { wp in
                    workspace.withBuffer(count: rows * pixels * ImageWorkers.count(batch: batch)) { scratch in
                        ImageWorkers.run(batch: batch) { n, worker, parallel in
                            let columns = scratch + worker * rows * pixels
                            gemm(transposeA: true, m: rows, n: pixels, k: inC, a: wp, lda: rows,
                                 b: x + n * inC * pixels, ldb: pixels, c: columns, ldc: pixels)
                            let image = out.baseAddress.unsafelyUnwrapped + n * outC * pixels * kd * k * k
                            forEachChannel(outC, parallel: parallel) { c in
                                let shift = bias?.data[c] ?? 0
                                blocks(c, kd, k, d, h, w) { row, source, target in image[target] = columns[row * pixels + source] + shift }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Output channels in parallel, or in order when the caller already runs images on all cores.
    @inline(__always)
    private static func forEachChannel(_ count: Int, parallel: Bool, _ body: (Int) -> Void) {
        if parallel { parallelFor(count, body) } else { for c in 0..<count { body(c) } }
    }

    /// Visits every (column row, input pixel, output pixel) triple of output channel `c`; `kd` is the kernel's
    /// depth (1 in 2-D, where `d` is 1 too).
    @inline(__always)
    private static func blocks(_ c: Int, _ kd: Int, _ k: Int, _ d: Int, _ h: Int, _ w: Int,
                               _ body: (Int, Int, Int) -> Void) {
        let outW = w * k, plane = h * k * outW, volume = d * kd * plane
        for a in 0..<kd {
            for i in 0..<k {
                for j in 0..<k {
                    let row = ((c * kd + a) * k + i) * k + j
                    for z in 0..<d {
                        for y in 0..<h {
                            let targetRow = c * volume + (z * kd + a) * plane + (y * k + i) * outW + j
                            for x in 0..<w { body(row, (z * h + y) * w + x, targetRow + x * k) }
                        }
                    }
                }
            }
        }
    }

    static func backward(input: Tensor, weight: Tensor, gradOutput: Tensor, gradWeight: inout Tensor,
                         workspace: Workspace, gradient: TensorBuffer) -> Tensor {
        let (batch, inC, d, h, w) = input.ncdhw
        let outC = weight.shape[1], k = weight.shape[2], kd = input.rank == 5 ? k : 1
        let rows = outC * kd * k * k, pixels = d * h * w
        return gradient.tensor(input.shape) { gradInput in
            input.withPointer { x in
                weight.withPointer { wp in
                    gradOutput.withPointer { dy in
                        ImageWorkers.runAccumulating(batch: batch, scratchPerWorker: rows * pixels, gradWeight: &gradWeight,
                                                     workspace: workspace) { n, parallel, gradColumns, dw in
                            let gradImage = dy + n * outC * pixels * kd * k * k
                            forEachChannel(outC, parallel: parallel) { c in
                                blocks(c, kd, k, d, h, w) { row, source, target in gradColumns[row * pixels + source] = gradImage[target] }
                            }
                            gemm(m: inC, n: pixels, k: rows, a: wp, lda: rows, b: gradColumns, ldb: pixels,
                                 c: gradInput.baseAddress.unsafelyUnwrapped + n * inC * pixels, ldc: pixels)
                            gemm(transposeB: true, m: inC, n: rows, k: pixels, a: x + n * inC * pixels, lda: pixels,
                                 b: gradColumns, ldb: pixels, beta: 1, c: dw, ldc: rows)
                        }
                    }
                }
            }
        }
    }
}
