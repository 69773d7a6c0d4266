import Engine
import Foundation
import XCTest

/// Forward semantics against PyTorch (padding, dilation, pooling windows, interpolation convention, norms):
/// probes of float64 PyTorch outputs printed by Tests/EngineReference/make_op_references.py.
final class OpSemanticsTests: XCTestCase {
    /// x[i] = sin(0.37·i + s), the generator the Python script uses.
    private func det(_ shape: [Int], _ s: Double) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor(shape: shape, data: (0..<count).map { Float(sin(0.37 * Double($0) + s)) })
    }

    /// Σ y[i]·cos(0.11·i).
    private func probe(_ y: Tensor) -> Double {
        y.data.enumerated().reduce(0.0) { $0 + Double($1.element) * cos(0.11 * Double($1.offset)) }
    }

    private func assertProbe(_ y: Tensor, _ shape: [Int], _ expected: Double, _ name: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(y.shape, shape, name, file: file, line: line)
        XCTAssertEqual(probe(y), expected, accuracy: 1e-4, name, file: file, line: line)
    }

    func testOpsMatchPyTorchProbes() {
        let x = det([2, 3, 7, 6], 0)
        assertProbe(Convolution.forward(x, weight: det([4, 3, 3, 3], 1), bias: det([4], 2), stride: 2, padding: 1, dilation: 2),
                    [2, 4, 3, 2], 8.44839782777569, "conv")
        assertProbe(TransposedConvolution.forward(x, weight: det([3, 2, 2, 2], 3), bias: det([2], 4)),
                    [2, 2, 14, 12], -20.024942817813958, "conv transpose")
        let batchNorm = BatchNorm2d(channels: 3)
        batchNorm.weight.value = det([3], 5)
        batchNorm.bias.value = det([3], 6)
        assertProbe(batchNorm.forward(x, mode: .train), [2, 3, 7, 6], 9.497029945462304, "batch norm")
        for (value, expected) in zip(batchNorm.runningMean.value.data, [0.0016002236998580426, -0.0020439297047074767, 0.0024301084967630377]) {
            XCTAssertEqual(Double(value), expected, accuracy: 1e-6, "running mean")
        }
        for (value, expected) in zip(batchNorm.runningVar.value.data, [0.9508226280222607, 0.950653692162432, 0.9504731752081922]) {
            XCTAssertEqual(Double(value), expected, accuracy: 1e-6, "running var")
        }
        assertProbe(GroupNormalization.forward(det([2, 4, 3, 5], 7), groups: 2, weight: det([4], 8), bias: det([4], 9)),
                    [2, 4, 3, 5], -5.259201322330842, "group norm")
        assertProbe(GroupNormalization.layerNorm(det([2, 3, 6], 10), weight: det([6], 11), bias: det([6], 12)),
                    [2, 3, 6], -2.770551760933034, "layer norm")
        let scaled = x * 3
        assertProbe(Activations.gelu(scaled), [2, 3, 7, 6], 10.562560302027828, "gelu")
        assertProbe(Activations.softmax(scaled), [2, 3, 7, 6], 1.0688492176150501, "softmax")
        assertProbe(Pooling.maxPool(x, kernel: 3, stride: 2, padding: 1), [2, 3, 4, 3], 8.130035984561308, "max pool")
        assertProbe(Pooling.averagePool(x, kernel: 3, stride: 2, padding: 1), [2, 3, 4, 3], 0.4154597100699376, "avg pool")
        assertProbe(Pooling.adaptiveAveragePool(x, outHeight: 4, outWidth: 3), [2, 3, 4, 3], 0.6418573091026989, "adaptive pool")
        assertProbe(Resize.bilinear(x, height: 9, width: 10), [2, 3, 9, 10], 10.46085766256335, "bilinear")
        assertProbe(MatrixProduct.linear(det([2, 5], 13), weight: det([3, 5], 14), bias: det([3], 15)),
                    [2, 3], 0.7922643929773034, "linear")
    }

    func testTensorArithmetic() {
        let a = Tensor(shape: [2], data: [1, 2]), b = Tensor(shape: [2], data: [3, 5])
        XCTAssertEqual((a + b).data, [4, 7])
        XCTAssertEqual((b - a).data, [2, 3])
        XCTAssertEqual((a * b).data, [3, 10])
        XCTAssertEqual((a * 2).data, [2, 4])
    }
}
