import Encoders
import Engine
import SafeTensors
import TestFixtures
import XCTest

final class ResNetTests: XCTestCase {
    func testSmallResNetMatchesTorchvisionFeatures() throws {
        let weights = try WeightsFile(path: Fixtures.path("resnet_small.safetensors"), fix: "test")
        let network = try ResNet(weights: weights)
        XCTAssertEqual(network.architecture,
                       ResNetArchitecture(stemWidth: 8, widths: [8, 16, 32, 64], blocks: [1, 2, 1, 1], expansion: 4))
        let io = try Fixtures.tensors("resnet_small_io.safetensors")
        let input = Tensor(shape: try io.entry("input").shape, data: try io.floats("input"))
        let expected = try io.floats("features", shape: [2, network.featureDimension])
        let features = network.features(input)
        XCTAssertEqual(features.shape, [2, 256])
        let error = relativeError(features.data, expected)
        print("resnet_small features: max relative error \(error)")
        XCTAssertLessThan(error, 1e-4)
    }

    func testMissingParameterNamesTensorFileAndFix() throws {
        var writer = SafeTensorsWriter()
        writer.add("conv1.weight", floats: [Float](repeating: 0, count: 8 * 3 * 49), shape: [8, 3, 7, 7])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("resnet-partial-\(UUID()).safetensors").path
        try Data(writer.serialized()).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try EncoderFactory.make(name: "resnet50", weightsPath: path)) { error in
            XCTAssertEqual(error as? EncoderError,
                           .missingParameter(name: "layer1.0.conv3.weight", file: path, fix: ResNetArchitecture.exportFix))
            XCTAssertTrue("\(error)".contains("state dict"))
        }
    }

    func testEncoderEmbedsGreyImagesAsUnitVectors() throws {
        let encoder = try EncoderFactory.make(name: "resnet50",
                                              weightsPath: Fixtures.path("resnet_small.safetensors"),
                                              options: EncoderOptions(batchSize: 2, inputSide: 64))
        let images = (0..<3).map { k in
            GreyImage(pixels: (0..<(40 * 50)).map { Float(($0 * (k + 3)) % 97) / 96 }, height: 40, width: 50)
        }
        let embeddings = try encoder.embed(images: images)
        XCTAssertEqual(embeddings.count, 3)
        for embedding in embeddings {
            XCTAssertEqual(embedding.count, encoder.outputDimension)
            XCTAssertEqual(embedding.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-4)
        }
        // Batching must not change results: the third image alone equals its place in the batch.
        let alone = try encoder.embed(images: [images[2]])[0]
        XCTAssertLessThan(relativeError(alone, embeddings[2]), 1e-5)
        XCTAssertEqual(encoder.weightsChecksum.count, 64)
    }
}
