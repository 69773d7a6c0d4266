@testable import Engine
import NumericSupport
import XCTest

/// The direct 3×3(×3) kernel against a convolution written out here, on shapes that leave partial tiles
/// everywhere: widths not a multiple of 16, heights not a multiple of the row band, output channels not a
/// multiple of 6, volumes shallower and deeper than the kernel, one image (split inside) and several (one each).
final class DirectConvolutionTests: XCTestCase {
    /// Zero-padded by 1 on every spatial side, stride 1: out[n, o, z, y, x] = b[o] + Σ w · in.
    private func reference(_ input: Tensor, _ weight: Tensor, _ bias: [Float]) -> [Float] {
        let (n, c, d, h, w) = input.ncdhw
        let outChannels = weight.shape[0], kd = input.rank == 5 ? 3 : 1
        var out = [Float](repeating: 0, count: n * outChannels * d * h * w)
        for image in 0..<n {
            for o in 0..<outChannels {
                for z in 0..<d {
                    for y in 0..<h {
                        for x in 0..<w {
                            var sum = Double(bias[o])
                            for ci in 0..<c {
                                for dz in 0..<kd {
                                    for dy in 0..<3 {
                                        for dx in 0..<3 {
                                            let (iz, iy, ix) = (z + dz - (kd == 3 ? 1 : 0), y + dy - 1, x + dx - 1)
                                            guard (0..<d).contains(iz), (0..<h).contains(iy), (0..<w).contains(ix) else { continue }
                                            let value = input.data[(((image * c + ci) * d + iz) * h + iy) * w + ix]
                                            let tap = weight.data[(((o * c + ci) * kd + dz) * 3 + dy) * 3 + dx]
                                            sum += Double(value) * Double(tap)
                                        }
                                    }
                                }
                            }
                            out[((((image * outChannels + o) * d + z) * h + y) * w) + x] = Float(sum)
                        }
                    }
                }
            }
        }
        return out
    }

    func testDirectKernelEqualsTheWrittenOutConvolution() {
        var random = SeededRandom(seed: 11)
        // (batch, in, out, depth or nil for 2-D, height, width)
        let cases: [(Int, Int, Int, Int?, Int, Int)] = [
            (1, 3, 7, nil, 9, 21), (3, 2, 6, nil, 17, 16), (2, 5, 13, nil, 8, 40), (1, 1, 1, nil, 1, 1),
            (1, 2, 5, 1, 6, 19), (2, 3, 7, 2, 9, 5), (1, 4, 6, 5, 10, 33),
        ]
        for (batch, inChannels, outChannels, depth, height, width) in cases {
            let spatial = depth.map { [$0, height, width] } ?? [height, width]
            let kernel = depth == nil ? [3, 3] : [3, 3, 3]
            let input = Tensor(shape: [batch, inChannels] + spatial,
                               data: (0..<(batch * inChannels * spatial.reduce(1, *))).map { _ in random.nextUniform() * 2 - 1 })
            let weight = Tensor(shape: [outChannels, inChannels] + kernel,
                                data: (0..<(outChannels * inChannels * kernel.reduce(1, *))).map { _ in random.nextUniform() - 0.5 })
            let bias = (0..<outChannels).map { _ in random.nextUniform() }
            let geometry = Convolution.geometry(input, weight, stride: 1, padding: 1, dilation: 1)
            XCTAssertTrue(DirectConvolution.applies(to: geometry))
            let output = Convolution.forward(input, weight: weight, bias: Tensor(shape: [outChannels], data: bias),
                                             stride: 1, padding: 1)
            let expected = reference(input, weight, bias)
            XCTAssertEqual(output.shape, [batch, outChannels] + spatial)
            let worst = zip(output.data, expected).map { abs($0 - $1) }.max() ?? 0
            XCTAssertLessThan(worst, 1e-4, "batch \(batch), \(inChannels)→\(outChannels), \(spatial)")
        }
    }

    /// Both gradients by the adjoint identities of a bias-free convolution y = W ⋆ x:
    /// ⟨y, g⟩ = ⟨x, ∂x⟩ = ⟨W, ∂W⟩ for any output gradient g.
    func testBackwardSatisfiesTheAdjointIdentities() {
        var random = SeededRandom(seed: 5)
        let cases: [(Int, Int, Int, Int?, Int, Int)] = [(2, 3, 7, nil, 9, 21), (1, 5, 4, 3, 6, 19), (3, 2, 6, 1, 5, 8)]
        for (batch, inChannels, outChannels, depth, height, width) in cases {
            let spatial = depth.map { [$0, height, width] } ?? [height, width]
            let kernel = depth == nil ? [3, 3] : [3, 3, 3]
            func tensor(_ shape: [Int]) -> Tensor {
                Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in random.nextUniform() * 2 - 1 })
            }
            let input = tensor([batch, inChannels] + spatial), weight = tensor([outChannels, inChannels] + kernel)
            let output = Convolution.forward(input, weight: weight, bias: nil, stride: 1, padding: 1)
            let gradOutput = tensor(output.shape)
            var gradWeight = Tensor(zeros: weight.shape)
            let gradInput = Convolution.backward(input: input, weight: weight, gradOutput: gradOutput, stride: 1, padding: 1,
                                                 dilation: 1, gradWeight: &gradWeight, workspace: Workspace(),
                                                 gradient: TensorBuffer())
            func dot(_ a: [Float], _ b: [Float]) -> Double { zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) } }
            let reference = dot(output.data, gradOutput.data)
            XCTAssertEqual(dot(input.data, gradInput.data), reference, accuracy: 1e-3 * max(1, abs(reference)), "\(spatial)")
            XCTAssertEqual(dot(weight.data, gradWeight.data), reference, accuracy: 1e-3 * max(1, abs(reference)), "\(spatial)")
        }
    }

    func testOnlyTheUNetsConvolutionsTakeTheDirectPath() {
        let plane = ConvGeometry(channels: 4, height: 8, width: 8, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
        XCTAssertTrue(DirectConvolution.applies(to: plane))
        XCTAssertFalse(DirectConvolution.applies(to: ConvGeometry(channels: 4, height: 8, width: 8, kernelHeight: 3,
                                                                  kernelWidth: 3, stride: 2, padding: 1)))
        XCTAssertFalse(DirectConvolution.applies(to: ConvGeometry(channels: 4, height: 8, width: 8, kernelHeight: 3,
                                                                  kernelWidth: 3, stride: 1, padding: 2, dilation: 2)))
        XCTAssertFalse(DirectConvolution.applies(to: ConvGeometry(channels: 4, height: 8, width: 8, kernelHeight: 7,
                                                                  kernelWidth: 7, stride: 1, padding: 3)))
        XCTAssertFalse(DirectConvolution.applies(to: ConvGeometry(channels: 4, height: 8, width: 8, kernelHeight: 3,
                                                                  kernelWidth: 3, stride: 1, padding: 0)))
    }
}
