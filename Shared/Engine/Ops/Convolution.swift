import NumericSupport
/// 2-D or 3-D convolution (PyTorch Conv2d / Conv3d semantics: weight [out, in, kh, kw] or [out, in, kd, kh, kw]
/// on NCHW or NCDHW input) as im2col + sgemm per image, or directly for the U-Net's 3×3(×3) convolutions
/// (`DirectConvolution`).
public enum Convolution {
    public static func forward(_ input: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0,
                               dilation: Int = 1) -> Tensor {
        forward(input, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation,
                workspace: Workspace(), output: TensorBuffer())
    }

    static func geometry(_ input: Tensor, _ weight: Tensor, stride: Int, padding: Int, dilation: Int) -> ConvGeometry {
        let x = input.ncdhw
        precondition(weight.rank == input.rank && weight.shape[1] == x.c,
                     "conv weight \(weight.shape) does not take input \(input.shape)")
        let k = weight.shape.suffix(2)
        guard input.rank == 5 else {
            return ConvGeometry(channels: x.c, height: x.h, width: x.w, kernelHeight: k[k.startIndex],
                                kernelWidth: k[k.startIndex + 1], stride: stride, padding: padding, dilation: dilation)
        }
        return ConvGeometry(channels: x.c, depth: x.d, height: x.h, width: x.w, kernelDepth: weight.shape[2],
                            kernelHeight: k[k.startIndex], kernelWidth: k[k.startIndex + 1], stride: stride,
                            padding: padding, dilation: dilation)
    }

    /// [N, C, H, W] or [N, C, D, H, W] of the output, as the input is 2-D or 3-D.
    static func outputShape(_ input: Tensor, channels: Int, _ g: ConvGeometry) -> [Int] {
        input.rank == 5 ? [input.shape[0], channels, g.outDepth, g.outHeight, g.outWidth]
            : [input.shape[0], channels, g.outHeight, g.outWidth]
    }

    static func forward(_ input: Tensor, weight: Tensor, bias: Tensor?, stride: Int, padding: Int, dilation: Int,
                        workspace: Workspace, output: TensorBuffer) -> Tensor {
        let g = geometry(input, weight, stride: stride, padding: padding, dilation: dilation)
        let batch = input.shape[0], outChannels = weight.shape[0]
        let direct = DirectConvolution.applies(to: g)
        let columnCount = direct ? DirectConvolution.scratchCount(g) : g.chunkColumnCount
        return output.tensor(outputShape(input, channels: outChannels, g)) { out in
            let o = out.baseAddress.unsafelyUnwrapped
            fillBias(o, bias, batch: batch, channels: outChannels, pixels: g.outPixels)
            input.withPointer { x in
                weight.withPointer { w in
                    let packed = direct ? DirectConvolution.pack(w, outChannels: outChannels, g) : []
                    workspace.withBuffer(count: columnCount * ImageWorkers.count(batch: batch)) { scratch in
                        ImageWorkers.run(batch: batch) { n, worker, parallel in
                            let image = x + n * g.channels * g.inPixels, columns = scratch + worker * columnCount
                            let result = o + n * outChannels * g.outPixels
                            guard !direct else {
                                packed.withUnsafeBufferPointer { packed in
                                    DirectConvolution.accumulate(image, g, packed: packed.baseAddress.unsafelyUnwrapped,
                                                                 outChannels: outChannels, into: result, scratch: columns,
                                                                 parallel: parallel)
                                }
                                return
                            }
                            // A pointwise conv's image is already its own column matrix.
                            guard !g.isPointwise else {
                                gemm(m: outChannels, n: g.outPixels, k: g.patchSize, a: w, lda: g.patchSize, b: image,
                                     ldb: g.outPixels, beta: 1, c: result, ldc: g.outPixels)
                                return
                            }
                            for slices in g.sliceChunks {
                                let count = slices.count * g.outPlane
                                Im2Col.expand(image, g, slices: slices, into: columns, parallel: parallel)
                                gemm(m: outChannels, n: count, k: g.patchSize, a: w, lda: g.patchSize,
                                     b: UnsafePointer(columns), ldb: count, beta: 1,
                                     c: result + slices.lowerBound * g.outPlane, ldc: g.outPixels)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adds this batch's weight gradient into `gradWeight` and returns the input gradient.
    static func backward(input: Tensor, weight: Tensor, gradOutput: Tensor, stride: Int, padding: Int, dilation: Int,
                         gradWeight: inout Tensor, workspace: Workspace, gradient: TensorBuffer) -> Tensor {
        let g = geometry(input, weight, stride: stride, padding: padding, dilation: dilation)
        let batch = input.shape[0], outChannels = weight.shape[0]
        let columnCount = g.chunkColumnCount
        // The input gradient of a 3×3(×3) same convolution is the same convolution of the output gradient with the
        // kernel flipped and its channels swapped, which the direct kernel computes without a column matrix.
        let adjoint = DirectConvolution.applies(to: g) ? DirectConvolution.adjoint(of: g, outChannels: outChannels) : nil
        let directScratch = adjoint.map(DirectConvolution.scratchCount) ?? columnCount
        // col2im and the direct kernel accumulate, so only a pointwise conv's gradient starts unzeroed.
        return gradient.tensor(input.shape, zeroed: !g.isPointwise) { gradInput in
            let dx = gradInput.baseAddress.unsafelyUnwrapped
            input.withPointer { x in
                weight.withPointer { w in
                    let flipped = adjoint == nil ? [] : DirectConvolution.packAdjoint(w, forward: g, outChannels: outChannels)
                    gradOutput.withPointer { dy in
                        ImageWorkers.runAccumulating(batch: batch, scratchPerWorker: columnCount + directScratch,
                                                     gradWeight: &gradWeight, workspace: workspace) { n, parallel, columns, dw in
                            let gradColumns = columns + columnCount
                            let image = x + n * g.channels * g.inPixels
                            let gradImage = dx + n * g.channels * g.inPixels
                            let gradOut = dy + n * outChannels * g.outPixels
                            if let adjoint {
                                flipped.withUnsafeBufferPointer { packed in
                                    DirectConvolution.accumulate(gradOut, adjoint, packed: packed.baseAddress.unsafelyUnwrapped,
                                                                 outChannels: g.channels, into: gradImage, scratch: gradColumns,
                                                                 parallel: parallel)
                                }
                                for slices in g.sliceChunks {
                                    let count = slices.count * g.outPlane
                                    Im2Col.expand(image, g, slices: slices, into: columns, parallel: parallel)
                                    gemm(transposeB: true, m: outChannels, n: g.patchSize, k: count,
                                         a: gradOut + slices.lowerBound * g.outPlane, lda: g.outPixels,
                                         b: UnsafePointer(columns), ldb: count, beta: 1, c: dw, ldc: g.patchSize)
                                }
                                return
                            }
                            guard !g.isPointwise else {
                                gemm(transposeB: true, m: outChannels, n: g.patchSize, k: g.outPixels, a: gradOut,
                                     lda: g.outPixels, b: image, ldb: g.outPixels, beta: 1, c: dw, ldc: g.patchSize)
                                gemm(transposeA: true, m: g.patchSize, n: g.outPixels, k: outChannels, a: w,
                                     lda: g.patchSize, b: gradOut, ldb: g.outPixels, c: gradImage, ldc: g.outPixels)
                                return
                            }
                            for slices in g.sliceChunks {
                                let count = slices.count * g.outPlane, chunkOut = gradOut + slices.lowerBound * g.outPlane
                                Im2Col.expand(image, g, slices: slices, into: columns, parallel: parallel)
                                gemm(transposeB: true, m: outChannels, n: g.patchSize, k: count, a: chunkOut,
                                     lda: g.outPixels, b: UnsafePointer(columns), ldb: count, beta: 1, c: dw,
                                     ldc: g.patchSize)
                                gemm(transposeA: true, m: g.patchSize, n: count, k: outChannels, a: w, lda: g.patchSize,
                                     b: chunkOut, ldb: g.outPixels, c: gradColumns, ldc: count)
                                Im2Col.accumulate(gradColumns, g, slices: slices, into: gradImage, parallel: parallel)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Writes each channel's bias (or zero) into every pixel so that sgemm can accumulate onto it.
    static func fillBias(_ out: UnsafeMutablePointer<Float>, _ bias: Tensor?, batch: Int, channels: Int, pixels: Int) {
        parallelFor(batch) { n in
            for c in 0..<channels {
                (out + (n * channels + c) * pixels).update(repeating: bias?.data[c] ?? 0, count: pixels)
            }
        }
    }

    /// Sums the output gradient over batch and pixels per channel.
    static func accumulateBiasGradient(_ gradOutput: Tensor, into gradBias: inout Tensor) {
        gradOutput.withPointer { dy in
            gradBias.data.withUnsafeMutableBufferPointer { bb in
                forEachChannel(gradOutput.shape) { c, planes, pixels in
                    bb[c] += Float(channelSums(dy, planes, pixels).sum)
                }
            }
        }
    }
}
