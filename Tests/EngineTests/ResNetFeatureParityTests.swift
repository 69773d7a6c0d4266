import Engine
import SafeTensors
import TestFixtures
import XCTest

/// The forward-only ops an encoder is built from (strided and bias-free convs, eval batch norm, max pool
/// 3/2/1, residual adds, adaptive average pooling) reproduce shared/fixtures/resnet_small: torchvision's
/// Bottleneck layout, evaluated with the functional API straight from the safetensors names.
final class ResNetFeatureParityTests: XCTestCase {
    private struct Weights {
        let file: SafeTensorsFile
        func callAsFunction(_ name: String) throws -> Tensor {
            Tensor(shape: try file.entry(name).shape, data: try file.floats(name))
        }

        func conv(_ x: Tensor, _ name: String, stride: Int = 1, padding: Int = 0) throws -> Tensor {
            Convolution.forward(x, weight: try self(name + ".weight"), bias: nil, stride: stride, padding: padding)
        }

        func norm(_ x: Tensor, _ name: String) throws -> Tensor {
            BatchNormalization.inference(x, mean: try self(name + ".running_mean"), variance: try self(name + ".running_var"),
                                         weight: try self(name + ".weight"), bias: try self(name + ".bias"))
        }
    }

    private func bottleneck(_ x: Tensor, _ w: Weights, _ name: String, stride: Int) throws -> Tensor {
        var y = Activations.relu(try w.norm(try w.conv(x, name + ".conv1"), name + ".bn1"))
        y = Activations.relu(try w.norm(try w.conv(y, name + ".conv2", stride: stride, padding: 1), name + ".bn2"))
        y = try w.norm(try w.conv(y, name + ".conv3"), name + ".bn3")
        let shortcut = w.file.entries[name + ".downsample.0.weight"] == nil
            ? x : try w.norm(try w.conv(x, name + ".downsample.0", stride: stride), name + ".downsample.1")
        return Activations.relu(y + shortcut)
    }

    func testFeaturesMatchPyTorch() throws {
        let w = Weights(file: try SharedFixtures.file("resnet_small.safetensors"))
        let io = try SharedFixtures.file("resnet_small_io.safetensors")
        var x = Tensor(shape: [2, 3, 96, 112], data: try io.floats("input", shape: [2, 3, 96, 112]))
        x = Activations.relu(try w.norm(try w.conv(x, "conv1", stride: 2, padding: 3), "bn1"))
        x = Pooling.maxPool(x, kernel: 3, stride: 2, padding: 1)
        for (layer, blocks) in [(1, 1), (2, 2), (3, 1), (4, 1)] {
            for block in 0..<blocks {
                x = try bottleneck(x, w, "layer\(layer).\(block)", stride: layer > 1 && block == 0 ? 2 : 1)
            }
        }
        let features = Pooling.adaptiveAveragePool(x, outHeight: 1, outWidth: 1)
        XCTAssertEqual(features.count, 2 * 256)
        let error = relativeError(features.data, try io.floats("features"))
        print("resnet_small parity: features relative error \(error)")
        XCTAssertLessThan(error, 1e-4)
    }
}
