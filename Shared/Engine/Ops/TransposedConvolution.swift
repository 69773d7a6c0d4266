import NumericSupport
/// Transposed convolution whose kernel equals its stride (PyTorch ConvTranspose2d(k, k, stride: k), weight
/// [in, out, k, k]): patches do not overlap, so each image is one sgemm plus a scatter into the k×k blocks.
public enum TransposedConvolution {
    public static func forward(_ input: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        forward(input, weight: weight, bias: bias, workspace: Workspace(), output: TensorBuffer())
    }

    static func forward(_ input: Tensor, weight: Tensor, bias: Tensor?, workspace: Workspace,
                        output: TensorBuffer) -> Tensor {
        let (batch, inC, h, w) = input.nchw
        precondition(weight.rank == 4 && weight.shape[0] == inC && weight.shape[2] == weight.shape[3],
                     "transposed conv weight \(weight.shape) does not take \(inC) channels")
        let outC = weight.shape[1], k = weight.shape[2], rows = outC * k * k, pixels = h * w
        return output.tensor([batch, outC, h * k, w * k]) { out in
            input.withPointer { x in
                weight.withPointer { wp in
                    workspace.withBuffer(count: rows * pixels * ImageWorkers.count(batch: batch)) { scratch in
                        ImageWorkers.run(batch: batch) { n, worker, parallel in
                            let columns = scratch + worker * rows * pixels
                            gemm(transposeA: true, m: rows, n: pixels, k: inC, a: wp, lda: rows,
                                 b: x + n * inC * pixels, ldb: pixels, c: columns, ldc: pixels)
                            let image = out.baseAddress.unsafelyUnwrapped + n * outC * pixels * k * k
                            forEachChannel(outC, parallel: parallel) { c in
                                let shift = bias?.data[c] ?? 0
                                blocks(c, k, h, w) { row, source, target in image[target] = columns[row * pixels + source] + shift }
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

    /// Visits every (column row, input pixel, output pixel) triple of output channel `c`.
    @inline(__always)
    private static func blocks(_ c: Int, _ k: Int, _ h: Int, _ w: Int, _ body: (Int, Int, Int) -> Void) {
        let outW = w * k, plane = h * k * outW
        for i in 0..<k {
            for j in 0..<k {
                let row = (c * k + i) * k + j
                for y in 0..<h {
                    let targetRow = c * plane + (y * k + i) * outW + j
                    for x in 0..<w { body(row, y * w + x, targetRow + x * k) }
                }
            }
        }
    }

    static func backward(input: Tensor, weight: Tensor, gradOutput: Tensor, gradWeight: inout Tensor,
                         workspace: Workspace, gradient: TensorBuffer) -> Tensor {
        let (batch, inC, h, w) = input.nchw
        let outC = weight.shape[1], k = weight.shape[2], rows = outC * k * k, pixels = h * w
        return gradient.tensor(input.shape) { gradInput in
            input.withPointer { x in
                weight.withPointer { wp in
                    gradOutput.withPointer { dy in
                        ImageWorkers.runAccumulating(batch: batch, scratchPerWorker: rows * pixels, gradWeight: &gradWeight,
                                                     workspace: workspace) { n, parallel, gradColumns, dw in
                            let gradImage = dy + n * outC * pixels * k * k
                            forEachChannel(outC, parallel: parallel) { c in
                                blocks(c, k, h, w) { row, source, target in gradColumns[row * pixels + source] = gradImage[target] }
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
