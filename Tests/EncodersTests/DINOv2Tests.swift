import Encoders
import Engine
import SafeTensors
import TestFixtures
import XCTest

final class DINOv2Tests: XCTestCase {
    private func network(pooling: DINOv2.Pooling = .cls) throws -> DINOv2 {
        let weights = try WeightsFile(path: Fixtures.path("dinov2_small.safetensors"), fix: "test")
        let configuration = try DINOv2Configuration.inferred(
            from: weights, configPath: Fixtures.path("dinov2_small_config.json"))
        return try DINOv2(weights: weights, configuration: configuration, pooling: pooling)
    }

    private func check(_ prefix: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let io = try Fixtures.tensors("dinov2_small_io.safetensors")
        let input = Tensor(shape: try io.entry(prefix + "_input").shape, data: try io.floats(prefix + "_input"))
        let output = try network().forward(input)
        let hidden = try io.floats(prefix + "_last_hidden_state", shape: output.lastHiddenState.shape)
        let pooled = try io.floats(prefix + "_pooler_output", shape: output.poolerOutput.shape)
        let hiddenError = relativeError(output.lastHiddenState.data, hidden)
        let pooledError = relativeError(output.poolerOutput.data, pooled)
        print("dinov2 \(prefix): last_hidden_state max relative error \(hiddenError), pooler_output \(pooledError)")
        XCTAssertLessThan(hiddenError, 1e-4, file: file, line: line)
        XCTAssertLessThan(pooledError, 1e-4, file: file, line: line)
    }

    func testConfigurationFromWeightsAndConfigJSON() throws {
        let c = try network().configuration
        XCTAssertEqual(c, DINOv2Configuration(hiddenSize: 48, layers: 2, heads: 4, mlpHiddenSize: 96, patchSize: 14,
                                              imageSize: 56, layerNormEpsilon: 1e-6))
    }

    func testNativeResolutionMatchesTransformers() throws { try check("native") }

    func testInterpolatedPositionsMatchTransformers() throws { try check("interp") }

    func testMeanPatchPoolingAppendsPatchAverage() throws {
        let net = try network(pooling: .clsAndMeanPatch)
        let io = try Fixtures.tensors("dinov2_small_io.safetensors")
        let input = Tensor(shape: [2, 3, 56, 56], data: try io.floats("native_input"))
        let features = net.features(input)
        XCTAssertEqual(features.shape, [2, 96])
        let hidden = try io.floats("native_last_hidden_state", shape: [2, 17, 48])
        let meanPatch = (0..<48).map { i in (1..<17).reduce(Float(0)) { $0 + hidden[(17 + $1) * 48 + i] } / 16 }
        XCTAssertLessThan(relativeError(Array(features.data[(96 + 48)..<192]), meanPatch), 1e-4)
    }

    func testFactoryEmbedsAtAnyInputSide() throws {
        let encoder = try EncoderFactory.make(
            name: "dinov2", weightsPath: Fixtures.path("dinov2_small.safetensors"),
            options: EncoderOptions(batchSize: 3, inputSide: 84, configPath: Fixtures.path("dinov2_small_config.json")))
        XCTAssertEqual(encoder.outputDimension, 48)
        XCTAssertEqual(encoder.inputSize, .square(84))
        let image = GreyImage(pixels: (0..<(30 * 30)).map { Float($0 % 30) / 29 }, height: 30, width: 30)
        let embeddings = try encoder.embed(images: [image, image])
        // BLAS may sum rows at different batch positions in different orders: equal up to rounding.
        XCTAssertLessThan(relativeError(embeddings[1], embeddings[0]), 1e-5)
        XCTAssertEqual(embeddings[0].reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-4)
    }

    func testMisshapenParameterIsNamed() throws {
        let source = try Fixtures.tensors("dinov2_small.safetensors")
        var writer = SafeTensorsWriter()
        for name in source.names {
            let shape = name == "layernorm.bias" ? [47] : try source.entry(name).shape
            let values = try source.floats(name)
            writer.add(name, floats: Array(values.prefix(shape.reduce(1, *))), shape: shape)
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dinov2-bad-\(UUID()).safetensors").path
        try Data(writer.serialized()).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let options = EncoderOptions(configPath: try Fixtures.path("dinov2_small_config.json"))
        XCTAssertThrowsError(try EncoderFactory.make(name: "dinov2", weightsPath: path, options: options)) { error in
            XCTAssertEqual(error as? EncoderError, .shapeMismatch(name: "layernorm.bias", file: path, expected: [48],
                                                                  found: [47], fix: DINOv2Configuration.exportFix))
        }
    }
}
