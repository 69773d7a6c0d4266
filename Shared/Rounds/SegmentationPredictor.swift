import NumericSupport
import Engine
import Foundation
import TensorStore

/// A trained round's U-Net ready to predict whole scans (volumes slice by slice) at the training side.
/// Engine models are classes for one thread at a time; the lock serialises callers, which is what makes
/// sharing one predictor across tasks sound.
public final class SegmentationPredictor: @unchecked Sendable {
    public let specification: ModelSpecification
    private let model: UNet
    private let lock = NSLock()

    public init(weightsAt path: String, store: TensorStore, specification: ModelSpecification) throws {
        self.specification = specification
        model = try UNet(configuration: specification.network, seed: specification.training.seed)
        try model.loadState(from: try store.read(path))
    }

    /// Reads and builds the model off the cooperative pool (large weight files take a moment).
    public static func load(weightsAt path: String, store: TensorStore,
                            specification: ModelSpecification) async throws -> SegmentationPredictor {
        try await Blocking.run { try SegmentationPredictor(weightsAt: path, store: store, specification: specification) }
    }

    /// Probabilities for every pass. `passes` > 1 keeps dropout on (Monte-Carlo dropout) with one seeded
    /// dropout stream per pass; 1 is the deterministic prediction. `gradientEmbedding` also computes BADGE's
    /// embedding, at the network's resolution, over every plane and pass.
    public func predict(_ image: ScanImage, passes: Int = 1, seed: UInt64 = 0,
                        gradientEmbedding: Bool = false) throws -> Prediction {
        guard passes >= 1 else {
            throw RoundsError.invalidSetting(name: "activeLearning.passes", value: "\(passes)", allowed: "1 or more")
        }
        let channels = specification.network.outputChannels
        var values = [Float](repeating: 0, count: passes * channels * image.values.count)
        var embedding = gradientEmbedding ? GradientEmbedding(channels: channels) : nil
        lock.withLock {
            for plane in 0..<image.depth {
                let planes = predictPlane(image.plane(plane), height: image.height, width: image.width, passes: passes,
                                          generator: SeededRandom(seed: seed).derived(UInt64(plane)),
                                          embedding: &embedding)
                // planes is [T, C, H, W]; scatter into [T, C, D, H, W].
                for t in 0..<passes {
                    for c in 0..<channels {
                        let source = (t * channels + c) * image.planeSize
                        let target = ((t * channels + c) * image.depth + plane) * image.planeSize
                        for i in 0..<image.planeSize { values[target + i] = planes.data[source + i] }
                    }
                }
            }
        }
        return Prediction(shape: image.shape, passes: passes, channels: channels, values: values,
                          gradientEmbedding: embedding?.embedding)
    }

    /// Letterboxes the plane to the training side (longest side, padded to the network's multiple), runs all
    /// passes as one batch, and resizes the probabilities back to the plane's size.
    private func predictPlane(_ plane: [Float], height: Int, width: Int, passes: Int, generator: SeededRandom,
                              embedding: inout GradientEmbedding?) -> Tensor {
        let side = specification.training.side
        let scale = Float(side) / Float(max(height, width))
        let input = Resize.bilinear(Tensor(shape: [1, 1, height, width], data: plane),
                                    height: max(1, Int((Float(height) * scale).rounded())),
                                    width: max(1, Int((Float(width) * scale).rounded())))
        let (workH, workW) = (input.shape[2], input.shape[3])
        let multiple = specification.network.sizeMultiple
        let paddedH = (workH + multiple - 1) / multiple * multiple, paddedW = (workW + multiple - 1) / multiple * multiple
        var batch = Tensor(zeros: [passes, 1, paddedH, paddedW])
        for pass in 0..<passes {
            for y in 0..<workH {
                for x in 0..<workW { batch.data[(pass * paddedH + y) * paddedW + x] = input.data[y * workW + x] }
            }
        }
        if passes > 1 { model.reseedDropout(generator) }
        let (logits, features) = model.forwardWithFeatures(batch, mode: passes > 1 ? .monteCarlo : .inference)
        let probabilities = model.probabilities(logits: logits)
        for pass in 0..<passes {
            embedding?.add(probabilities: probabilities, features: features, entry: pass, height: workH, width: workW)
        }
        let channels = probabilities.shape[1]
        var cropped = Tensor(zeros: [passes, channels, workH, workW])
        for n in 0..<(passes * channels) {
            for y in 0..<workH {
                let source = (n * paddedH + y) * paddedW, target = (n * workH + y) * workW
                for x in 0..<workW { cropped.data[target + x] = probabilities.data[source + x] }
            }
        }
        return workH == height && workW == width ? cropped : Resize.bilinear(cropped, height: height, width: width)
    }
}
