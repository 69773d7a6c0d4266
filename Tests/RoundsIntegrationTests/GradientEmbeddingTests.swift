import Catalog
import Engine
import Foundation
import Rounds
import TensorStore
import XCTest

/// BADGE's embedding must be the gradient of the loss at the model's own prediction with respect to the
/// head's weights: checked against central finite differences of that loss through the real network.
final class GradientEmbeddingTests: XCTestCase {
    func testBinaryEmbeddingIsTheHeadWeightGradient() throws {
        try checkEmbedding(binary: true)
    }

    func testMultiClassEmbeddingIsTheHeadWeightGradient() throws {
        try checkEmbedding(binary: false)
    }

    private func checkEmbedding(binary: Bool) throws {
        var configuration = LungProject.configuration()
        configuration.binary = binary
        let specification = try ModelSpecification(configuration)
        let side = LungProject.side
        let store = try temporaryStore()
        let weights = try store.put(bytes: try UNet(configuration: specification.network, seed: 11).serializedState())
        let image = (0..<(side * side)).map { i -> Float in
            let (y, x) = (Float(i / side), Float(i % side))
            return 0.5 + 0.3 * sin(x / 5) * cos(y / 7) + 0.1 * sin((x + y) / 3)
        }
        let predictor = try SegmentationPredictor(weightsAt: weights, store: store, specification: specification)
        let prediction = try predictor.predict(ScanImage(depth: 1, height: side, width: side, values: image),
                                               gradientEmbedding: true)
        let embedding = try XCTUnwrap(prediction.gradientEmbedding)
        let channels = specification.network.outputChannels
        XCTAssertEqual(embedding.count, channels * configuration.training.baseChannels)

        let model = try UNet(configuration: specification.network, seed: 0)
        try model.loadState(from: try store.read(weights))
        let head = try XCTUnwrap(model.state().first { $0.name == "head.weight" }).tensor
        let predicted = try predictedClasses(model, image: image, channels: channels)
        let step: Float = 1e-2
        let scale = embedding.map(abs).max() ?? 0
        XCTAssertGreaterThan(scale, 0)
        for index in embedding.indices {
            let original = head.value.data[index]
            head.value.data[index] = original + step
            let above = try loss(model, image: image, channels: channels, labels: predicted)
            head.value.data[index] = original - step
            let below = try loss(model, image: image, channels: channels, labels: predicted)
            head.value.data[index] = original
            let difference = (above - below) / Double(2 * step)
            XCTAssertEqual(Double(embedding[index]), difference, accuracy: 2e-3 * Double(scale) + 1e-6,
                           "weight \(index) of the head")
        }
    }

    private func probabilities(_ model: UNet, image: [Float], channels: Int) throws -> [Float] {
        try model.predictProbabilities(image: image, height: LungProject.side, width: LungProject.side).data
    }

    private func predictedClasses(_ model: UNet, image: [Float], channels: Int) throws -> [Int] {
        let p = try probabilities(model, image: image, channels: channels)
        let pixels = p.count / channels
        return (0..<pixels).map { pixel in
            channels == 1 ? (p[pixel] > 0.5 ? 1 : 0)
                : (0..<channels).max { p[$0 * pixels + pixel] < p[$1 * pixels + pixel] } ?? 0
        }
    }

    /// Mean cross-entropy (binary for one channel) against fixed labels.
    private func loss(_ model: UNet, image: [Float], channels: Int, labels: [Int]) throws -> Double {
        let p = try probabilities(model, image: image, channels: channels).map(Double.init)
        let pixels = labels.count
        var total = 0.0
        for pixel in 0..<pixels {
            if channels == 1 {
                total -= labels[pixel] == 1 ? log(p[pixel]) : log(1 - p[pixel])
            } else {
                total -= log(p[labels[pixel] * pixels + pixel])
            }
        }
        return total / Double(pixels)
    }
}
