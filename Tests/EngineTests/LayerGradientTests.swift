import NumericSupport
import Engine
import XCTest

/// Every layer's backward pass against central finite differences.
final class LayerGradientTests: XCTestCase {
    private let check = GradientCheck()

    func testConvolutionVariants() {
        for (stride, padding, dilation) in [(1, 1, 1), (2, 1, 1), (1, 2, 2), (2, 0, 1)] {
            var generator = SeededRandom(seed: UInt64(stride * 10 + dilation))
            let conv = Conv(inChannels: 3, outChannels: 4, kernelSize: 3, stride: stride, padding: padding,
                              dilation: dilation, generator: &generator)
            check.check(conv, input: randomTensor([2, 3, 7, 6], seed: 1))
        }
    }

    func testPointwiseConvolutionAndTransposedConvolution() {
        var generator = SeededRandom(seed: 3)
        check.check(Conv(inChannels: 3, outChannels: 2, kernelSize: 1, generator: &generator),
                    input: randomTensor([2, 3, 4, 5], seed: 2))
        check.check(ConvTranspose(inChannels: 3, outChannels: 2, generator: &generator),
                    input: randomTensor([2, 3, 3, 4], seed: 4))
    }

    func testNormalisations() {
        let batchNorm = BatchNorm2d(channels: 3)
        batchNorm.weight.value = randomTensor([3], seed: 5)
        check.check(batchNorm, input: randomTensor([2, 3, 4, 4], seed: 6))
        let groupNorm = GroupNorm(groups: 2, channels: 4)
        groupNorm.weight.value = randomTensor([4], seed: 7)
        check.check(groupNorm, input: randomTensor([2, 4, 3, 3], seed: 8))
        check.check(GroupNorm.instanceNorm(channels: 3), input: randomTensor([2, 3, 4, 4], seed: 9))
        GradientCheck(epsilon: 1e-3).check(BatchNorm2d(channels: 3, fusedReLU: true), input: randomTensor([2, 3, 4, 4], seed: 23))
        // Small step: one normalised value of this input lies within 1e-3 of the fused ReLU's kink.
        GradientCheck(epsilon: 1e-4).check(GroupNorm(groups: 2, channels: 4, fusedReLU: true), input: randomTensor([2, 4, 3, 3], seed: 24))
        let layerNorm = LayerNorm(features: 6)
        layerNorm.weight.value = randomTensor([6], seed: 10)
        check.check(layerNorm, input: randomTensor([2, 3, 6], seed: 11))
    }

    func testActivations() {
        let input = randomTensor([2, 3, 4, 5], seed: 12)
        for layer: any Layer in [ReLU(), LeakyReLU(slope: 0.1), GELU(), Sigmoid(), Softmax()] {
            GradientCheck(epsilon: 1e-3).check(layer, input: input)
        }
    }

    func testPooling() {
        let input = randomTensor([2, 2, 6, 7], seed: 13)
        // Small steps: this input has two near-equal values (6e-4 apart) sharing a window.
        GradientCheck(epsilon: 1e-4).check(MaxPool(kernel: 2), input: input)
        GradientCheck(epsilon: 1e-4).check(MaxPool(kernel: 3, stride: 2, padding: 1), input: input)
        check.check(AvgPool2d(kernel: 3, stride: 2, padding: 1), input: input)
        check.check(AvgPool2d.adaptive(outHeight: 4, outWidth: 3), input: input)
    }

    func testDropoutLinearAndUpsample() {
        let dropout = Dropout(probability: 0.3)
        check.check(dropout, input: randomTensor([2, 3, 4], seed: 14)) { dropout.generator = SeededRandom(seed: 1) }
        var generator = SeededRandom(seed: 15)
        check.check(Linear(inFeatures: 5, outFeatures: 3, generator: &generator), input: randomTensor([2, 4, 5], seed: 16))
        check.check(Upsample(factor: 2), input: randomTensor([1, 2, 3, 4], seed: 17))
    }

    /// Whole networks: small steps, because a ReLU unit crossing zero inside ±ε spoils the difference, and
    /// a floor for conv biases in front of norms, whose exact gradient is zero.
    func testSmallUNetsEndToEnd() throws {
        let configurations = [
            UNetConfiguration(classes: 2, baseChannels: 4, depth: 2),
            UNetConfiguration(classes: 3, baseChannels: 4, depth: 2, normalization: .group(groups: 2), dropout: 0.2),
            UNetConfiguration(classes: 2, baseChannels: 4, depth: 3, normalization: .instance),
        ]
        for configuration in configurations {
            let model = try UNet(configuration: configuration, seed: 3)
            GradientCheck(epsilon: 2e-4, tolerance: 2e-2, probe: .entries(samples: 10), floorFraction: 0.1)
                .check(model, input: randomTensor([2, 1, 8, 8], seed: 18)) {
                    model.reseedDropout(SeededRandom(seed: 5))
                }
        }
    }

    func testMatmulBackward() {
        let a = randomTensor([2, 3, 4], seed: 19), b = randomTensor([2, 4, 5], seed: 20)
        check.check(MatmulProbe(right: b), input: a)
        let (_, gradB) = MatrixProduct.matmulBackward(a, b, gradOutput: Tensor(repeating: 1, shape: [2, 3, 5]))
        XCTAssertEqual(gradB.shape, b.shape)
    }
}

/// a ↦ a·b as a layer, so the generic check covers matmul's backward.
private final class MatmulProbe: Layer {
    let right: Parameter
    private var input: Tensor?
    init(right: Tensor) { self.right = Parameter(right) }

    func forward(_ x: Tensor, mode: ForwardMode) -> Tensor {
        input = x
        return MatrixProduct.matmul(x, right.value)
    }

    func backward(_ gradOutput: Tensor) -> Tensor {
        let (gradA, gradB) = MatrixProduct.matmulBackward(input!, right.value, gradOutput: gradOutput)
        right.grad = gradB
        return gradA
    }

    func collectState(prefix: String, into state: inout [StateEntry]) {
        state.append(StateEntry(name: "right", tensor: right, kind: .parameter))
    }
}
