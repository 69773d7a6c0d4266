import Engine
import Foundation
import NumericSupport
import XCTest

/// The 3-D engine: Conv3d, ConvTranspose3d and MaxPool3d forward against PyTorch probes, every backward against
/// finite differences, and a small 3-D U-Net against PyTorch end to end (eval logits, train loss, the gradient of
/// every parameter). References printed by Tests/EngineReference/make_volume_references.py (float64 PyTorch).
final class VolumeOpsTests: XCTestCase {
    private let check = GradientCheck()

    /// x[i] = scale · sin(0.37·i + s), the generator the Python script uses.
    private func det(_ shape: [Int], _ s: Double, scale: Double = 1) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor(shape: shape, data: (0..<count).map { Float(scale * sin(0.37 * Double($0) + s)) })
    }

    /// Σ y[i]·cos(0.11·i).
    private func probe(_ y: [Float]) -> Double {
        y.enumerated().reduce(0.0) { $0 + Double($1.element) * cos(0.11 * Double($1.offset)) }
    }

    func testOpsMatchPyTorchProbes() {
        let x = det([2, 3, 5, 6, 7], 0)
        let weight = det([4, 3, 3, 3, 3], 1), bias = det([4], 2)
        let outputs: [String: Tensor] = [
            "conv3d_s2_p1_d2": Convolution.forward(x, weight: weight, bias: bias, stride: 2, padding: 1, dilation: 2),
            "conv3d_s1_p1": Convolution.forward(x, weight: weight, bias: bias, padding: 1),
            "conv_transpose3d": TransposedConvolution.forward(x, weight: det([3, 2, 2, 2, 2], 3), bias: det([2], 4)),
            "max_pool3d_2": Pooling.maxPool(x, kernel: 2),
            "max_pool3d_3_2_1": Pooling.maxPool(x, kernel: 3, stride: 2, padding: 1),
        ]
        for (name, (shape, expected)) in Self.references {
            let y = outputs[name]!
            XCTAssertEqual(y.shape, shape, name)
            XCTAssertEqual(probe(y.data), expected, accuracy: 1e-4 * max(1, abs(expected)), name)
        }
    }

    func testConv3dGradients() {
        for (stride, padding, dilation) in [(1, 1, 1), (2, 1, 1), (1, 2, 2), (2, 0, 1)] {
            var generator = SeededRandom(seed: UInt64(stride * 10 + dilation))
            let conv = Conv(inChannels: 2, outChannels: 3, kernelSize: 3, stride: stride, padding: padding,
                            dilation: dilation, dimensions: 3, generator: &generator)
            check.check(conv, input: randomTensor([2, 2, 5, 6, 4], seed: 1))
        }
        var generator = SeededRandom(seed: 3)
        check.check(Conv(inChannels: 3, outChannels: 2, kernelSize: 1, dimensions: 3, generator: &generator),
                    input: randomTensor([2, 3, 3, 4, 5], seed: 2))
        check.check(ConvTranspose(inChannels: 3, outChannels: 2, dimensions: 3, generator: &generator),
                    input: randomTensor([2, 3, 2, 3, 4], seed: 4))
    }

    /// Volumes large enough that the column matrix is cut into chunks of output slices (one slice each here):
    /// outputs against direct sums, and the backward through the chunks against finite differences.
    func testChunkedColumnMatricesAgreeWithDirectSums() {
        var generator = SeededRandom(seed: 9)
        let conv = Conv(inChannels: 4, outChannels: 2, kernelSize: 3, padding: 1, dimensions: 3, generator: &generator)
        let x = randomTensor([1, 4, 5, 72, 72], seed: 3)
        let y = conv.forward(x, mode: .inference)
        let w = conv.weight.value, (d, h, width) = (5, 72, 72)
        for (o, z, row, column) in [(0, 0, 0, 0), (1, 2, 35, 71), (0, 4, 71, 3), (1, 3, 10, 60)] {
            var sum = Double(conv.bias?.value.data[o] ?? 0)
            for c in 0..<4 {
                for kz in 0..<3 { for ky in 0..<3 { for kx in 0..<3 {
                    let (iz, iy, ix) = (z + kz - 1, row + ky - 1, column + kx - 1)
                    guard (0..<d).contains(iz), (0..<h).contains(iy), (0..<width).contains(ix) else { continue }
                    sum += Double(w.data[(((o * 4 + c) * 3 + kz) * 3 + ky) * 3 + kx]) * Double(x.data[((c * d + iz) * h + iy) * width + ix])
                } } }
            }
            XCTAssertEqual(Double(y.data[((o * d + z) * h + row) * width + column]), sum, accuracy: 1e-4)
        }
        GradientCheck(probe: .entries(samples: 8)).check(conv, input: x)
    }

    func testPoolingNormsAndLossesOnVolumes() {
        let input = randomTensor([2, 2, 4, 6, 5], seed: 13)
        GradientCheck(epsilon: 1e-4).check(MaxPool(kernel: 2), input: input)
        GradientCheck(epsilon: 1e-4).check(MaxPool(kernel: 3, stride: 2, padding: 1), input: input)
        let batchNorm = BatchNorm2d(channels: 2)
        batchNorm.weight.value = randomTensor([2], seed: 5)
        check.check(batchNorm, input: input)
        check.check(GroupNorm.instanceNorm(channels: 2), input: input)

        // Cross-entropy and soft Dice treat D·H·W like H·W: the same volume as one tall image scores the same.
        let logits = randomTensor([2, 3, 4, 6, 5], seed: 21)
        let labels = Tensor(shape: [2, 1, 4, 6, 5], data: (0..<240).map { Float($0 % 3) })
        let flat = SegmentationLoss.diceAndCrossEntropy(logits: logits.reshaped([2, 3, 24, 5]), labels: labels.reshaped([2, 1, 24, 5]))
        let volume = SegmentationLoss.diceAndCrossEntropy(logits: logits, labels: labels)
        XCTAssertEqual(volume.value, flat.value, accuracy: 1e-6)
        XCTAssertEqual(volume.gradient.data, flat.gradient.data)
        XCTAssertEqual(volume.gradient.shape, logits.shape)
    }

    /// The 3-D U-Net with every state tensor set the way the script sets it: in name order k, 0.3·det(s = 0.5·k),
    /// running variances 1 + that.
    private func referenceUNet() throws -> UNet {
        let model = try UNet(configuration: UNetConfiguration(baseChannels: 4, depth: 3, dimensions: 3))
        for (k, entry) in model.state().sorted(by: { $0.name < $1.name }).enumerated()
        where !entry.name.hasSuffix("num_batches_tracked") {
            let values = det(entry.tensor.value.shape, 0.5 * Double(k), scale: 0.3)
            entry.tensor.value = entry.name.hasSuffix("running_var") ? Tensor(shape: values.shape, data: values.data.map { 1 + $0 }) : values
        }
        return model
    }

    func testUNet3dMatchesPyTorch() throws {
        let input = det([2, 1, 8, 8, 8], 0.25)
        let mask = det([2, 1, 8, 8, 8], 0.75)
        let target = Tensor(shape: mask.shape, data: mask.data.map { $0 > 0.2 ? 1 : 0 })
        let model = try referenceUNet()
        let logits = model.forward(input, mode: .inference)
        XCTAssertEqual(logits.shape, Self.unetLogits.0)
        XCTAssertEqual(probe(logits.data), Self.unetLogits.1, accuracy: 1e-4 * max(1, abs(Self.unetLogits.1)))

        let loss = SegmentationLoss.binaryCrossEntropy(logits: model.forward(input, mode: .train), labels: target)
        XCTAssertEqual(Double(loss.value), Self.unetLoss, accuracy: 1e-5)
        _ = model.backward(loss.gradient)
        let parameters = model.state().filter { $0.kind == .parameter }
        XCTAssertEqual(Set(parameters.map(\.name)), Set(Self.unetGradients.keys), "PyTorch's parameter names")
        // Conv biases in front of batch norm have an exactly zero gradient; those are compared at the model's scale.
        let modelScale = Self.unetGradients.values.map(\.l1).max() ?? 1
        for entry in parameters {
            let reference = try XCTUnwrap(Self.unetGradients[entry.name])
            XCTAssertEqual(probe(entry.tensor.grad.data), reference.probe,
                           accuracy: 1e-4 * max(reference.l1, 1e-3 * modelScale), "gradient of \(entry.name)")
        }
    }

    static let references: [String: ([Int], Double)] = [
        "conv3d_s2_p1_d2": ([2, 4, 2, 2, 3], 5.768764025834169),
        "conv3d_s1_p1": ([2, 4, 5, 6, 7], -33.01007746802941),
        "conv_transpose3d": ([2, 2, 10, 12, 14], -18.590321610985395),
        "max_pool3d_2": ([2, 3, 2, 3, 3], -5.571550801301516),
        "max_pool3d_3_2_1": ([2, 3, 3, 3, 4], -8.578187329309943),
    ]
    static let unetLogits = ([2, 1, 8, 8, 8], 0.6261408858846432)
    static let unetLoss = 0.6845675469652032
    static let unetGradients: [String: (probe: Double, l1: Double)] = [
        "down.0.0.weight": (-0.01277247193834513, 0.13753051666226385),
        "down.0.0.bias": (-4.517206005040369e-19, 5.041540102057596e-18),
        "down.0.1.weight": (0.000496009405236947, 0.006494036262941363),
        "down.0.1.bias": (0.0032025883449383753, 0.0046951101283122885),
        "down.0.3.weight": (0.0036673015944505925, 0.06183441737657946),
        "down.0.3.bias": (9.247593796399773e-19, 1.6872896309305663e-18),
        "down.0.4.weight": (-0.0009185134960632925, 0.002413997462997219),
        "down.0.4.bias": (-0.00027948024335298086, 0.0006027961529938506),
        "down.1.0.weight": (-0.00044761584606991064, 0.02210070671464536),
        "down.1.0.bias": (-5.377771180387578e-20, 2.718975760686304e-19),
        "down.1.1.weight": (0.0007371988567841983, 0.0014766720867472648),
        "down.1.1.bias": (0.0001959282824422804, 0.00120917914236971),
        "down.1.3.weight": (8.453874369231878e-05, 0.022279835541101554),
        "down.1.3.bias": (-9.83662724904758e-20, 5.633827890425165e-19),
        "down.1.4.weight": (0.0019630140898068246, 0.00854422359031233),
        "down.1.4.bias": (0.00023291577442482634, 0.0030667577443950393),
        "down.2.0.weight": (-1.9823337876567175e-05, 0.15384179782235477),
        "down.2.0.bias": (-1.280067835039476e-19, 5.353248226647178e-19),
        "down.2.1.weight": (-5.512679055609031e-05, 0.0038526234291604506),
        "down.2.1.bias": (-0.00022489543094302247, 0.002615924115322143),
        "down.2.3.weight": (9.554388770106038e-05, 0.09358563454735197),
        "down.2.3.bias": (5.951097141589266e-20, 5.421010862427522e-19),
        "down.2.4.weight": (0.0006551848010396332, 0.002765827585476467),
        "down.2.4.bias": (0.00022576858655479464, 0.006177337244055463),
        "up.0.weight": (7.802030978896435e-05, 0.021781284173285495),
        "up.0.bias": (1.815725297891681e-05, 0.00042255206808951463),
        "up.1.weight": (9.470326795065035e-05, 0.00978956328092925),
        "up.1.bias": (-5.0067906871535156e-05, 0.0002436233054015908),
        "dec.0.0.weight": (-0.000331917848713441, 0.02830234897140669),
        "dec.0.0.bias": (-4.801265188301593e-20, 8.809142651444724e-20),
        "dec.0.1.weight": (-0.0008096471527675565, 0.0011545234409207359),
        "dec.0.1.bias": (0.00011123344188204408, 0.000616438353343145),
        "dec.0.3.weight": (0.0004249659107551007, 0.011717361360753405),
        "dec.0.3.bias": (-2.5751714174089205e-20, 8.978549240895584e-20),
        "dec.0.4.weight": (-0.0004463564138749213, 0.004555358263817249),
        "dec.0.4.bias": (0.0030102475804352725, 0.003621040140455113),
        "dec.1.0.weight": (0.00457275287441302, 0.06018701432903106),
        "dec.1.0.bias": (1.2648879934981533e-18, 1.5382118322138094e-18),
        "dec.1.1.weight": (-0.000319133283189261, 0.00958896226207402),
        "dec.1.1.bias": (-0.0029784773946786225, 0.007612652526745345),
        "dec.1.3.weight": (-0.002945792736427792, 0.12785843218593324),
        "dec.1.3.bias": (2.188338846628756e-18, 3.144186300207963e-18),
        "dec.1.4.weight": (-0.0057201451605410425, 0.005870476927274652),
        "dec.1.4.bias": (-0.003096150746993187, 0.004236781767645237),
        "head.weight": (0.004453616519613443, 0.0050434339029066695),
        "head.bias": (0.014672420385294491, 0.014672420385294491),
    ]
}
