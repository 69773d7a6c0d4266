import Engine
import SafeTensors
import TestFixtures
import XCTest

/// End-to-end agreement with PyTorch on shared/fixtures/unet8*: eval logits, train-mode BCE loss and the
/// gradient of every parameter, loaded by PyTorch parameter names.
final class UNetParityTests: XCTestCase {
    private func loadedModel() throws -> (UNet, SafeTensorsFile) {
        let model = try UNet(configuration: UNetConfiguration(baseChannels: 8))
        try model.loadState(from: SharedFixtures.file("unet8.safetensors"))
        return (model, try SharedFixtures.file("unet8_io.safetensors"))
    }

    func testEvalLogitsMatchPyTorch() throws {
        let (model, io) = try loadedModel()
        let input = Tensor(shape: [2, 1, 64, 64], data: try io.floats("input", shape: [2, 1, 64, 64]))
        let logits = model.forward(input, mode: .inference)
        let error = relativeError(logits.data, try io.floats("logits_eval"))
        print("unet8 parity: logits relative error \(error)")
        XCTAssertLessThan(error, 1e-4)
    }

    func testTrainLossAndGradientsMatchPyTorch() throws {
        let (model, io) = try loadedModel()
        let input = Tensor(shape: [2, 1, 64, 64], data: try io.floats("input"))
        let target = Tensor(shape: [2, 1, 64, 64], data: try io.floats("target"))
        let loss = SegmentationLoss.binaryCrossEntropy(logits: model.forward(input, mode: .train), labels: target)
        _ = model.backward(loss.gradient)
        let lossError = relativeError([loss.value], try io.floats("loss_train"))
        print("unet8 parity: loss relative error \(lossError)")
        XCTAssertLessThan(lossError, 1e-4)
        let parameters = model.state().filter { $0.kind == .parameter }
        let references = try parameters.map { try io.floats("grad." + $0.name) }
        let modelScale = references.flatMap { $0 }.reduce(0) { max($0, abs($1)) }
        var worst: (name: String, error: Float) = ("", 0)
        var worstZero: (name: String, error: Float) = ("", 0)
        for (entry, reference) in zip(parameters, references) {
            let scale = reference.reduce(0) { max($0, abs($1)) }
            // Conv biases that feed batch norm have an exactly zero gradient: PyTorch's float64 leaves ~1e-18
            // and float32 leaves rounding noise, so those are measured against the model's gradient scale.
            if scale < 1e-10 * modelScale {
                let error = relativeError(entry.tensor.grad.data, reference, floor: modelScale)
                XCTAssertLessThan(error, 1e-4, "zero gradient of \(entry.name)")
                if error > worstZero.error { worstZero = (entry.name, error) }
                continue
            }
            let error = relativeError(entry.tensor.grad.data, reference)
            XCTAssertLessThan(error, 1e-4, "gradient of \(entry.name)")
            if error > worst.error { worst = (entry.name, error) }
        }
        print("unet8 parity: analytically zero gradients, worst error vs model gradient scale \(worstZero.error) (\(worstZero.name))")
        print("unet8 parity: worst gradient relative error \(worst.error) (\(worst.name))")
    }

    func testMissingParameterIsNamed() throws {
        var writer = SafeTensorsWriter()
        writer.add("down.0.0.weight", floats: [Float](repeating: 0, count: 72), shape: [8, 1, 3, 3])
        let file = try SafeTensorsFile(bytes: writer.serialized(), source: "partial.safetensors")
        let model = try UNet(configuration: UNetConfiguration(baseChannels: 8))
        XCTAssertThrowsError(try model.loadState(from: file)) { error in
            XCTAssertEqual(error as? EngineError, .missingParameter(name: "down.0.0.bias", file: "partial.safetensors"))
        }
    }

    func testMisshapenParameterIsNamed() throws {
        var writer = SafeTensorsWriter()
        writer.add("down.0.0.weight", floats: [Float](repeating: 0, count: 36), shape: [4, 1, 3, 3])
        let file = try SafeTensorsFile(bytes: writer.serialized(), source: "narrow.safetensors")
        let model = try UNet(configuration: UNetConfiguration(baseChannels: 8))
        XCTAssertThrowsError(try model.loadState(from: file)) { error in
            XCTAssertEqual(error as? EngineError, .shapeMismatch(name: "down.0.0.weight", file: "narrow.safetensors",
                                                                  expected: [8, 1, 3, 3], found: [4, 1, 3, 3]))
        }
    }

    func testStateRoundTripsThroughSafeTensors() throws {
        let (model, _) = try loadedModel()
        let copy = try UNet(configuration: UNetConfiguration(baseChannels: 8), seed: 99)
        try copy.loadState(from: SafeTensorsFile(bytes: model.serializedState()))
        for (a, b) in zip(model.state(), copy.state()) {
            XCTAssertEqual(a.name, b.name)
            XCTAssertEqual(a.tensor.value, b.tensor.value, a.name)
        }
    }
}
