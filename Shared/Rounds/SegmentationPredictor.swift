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

    /// The specification's network takes the weights' dimensions: `training.dimensions` null lets the trainer
    /// choose, and a changed setting must not stop the models already trained from loading.
    public init(weightsAt path: String, store: TensorStore, specification: ModelSpecification) throws {
        let weights = try store.read(path)
        self.specification = try specification.with(dimensions: ModelWeights.dimensions(of: weights))
        model = try UNet(configuration: self.specification.network, seed: specification.training.seed)
        try model.loadState(from: weights)
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
                        gradientEmbedding: Bool = false, taskFeatures: Bool = false) throws -> Prediction {
        guard passes >= 1 else {
            throw RoundsError.invalidSetting(name: "activeLearning.passes", value: "\(passes)", allowed: "1 or more")
        }
        let channels = specification.network.outputChannels
        if specification.network.dimensions == 3 {
            guard !gradientEmbedding else {
                throw RoundsError.invalidSetting(name: "activeLearning.strategy", value: "badge",
                                                 allowed: "a strategy other than badge with training.dimensions 3 (BADGE's embedding is built from the 2-D network's slices)")
            }
            guard !taskFeatures else {
                throw RoundsError.invalidSetting(name: "activeLearning.space", value: "model",
                                                 allowed: "map or embedding with training.dimensions 3 (the model's features are read from the 2-D network's slices)")
            }
            let values = lock.withLock { predictVolume(image, passes: passes, generator: SeededRandom(seed: seed)) }
            return Prediction(shape: image.shape, passes: passes, channels: channels, values: values, gradientEmbedding: nil)
        }
        var values = [Float](repeating: 0, count: passes * channels * image.values.count)
        var embedding = gradientEmbedding ? GradientEmbedding(channels: channels) : nil
        var features = taskFeatures ? TaskFeatures() : nil
        lock.withLock {
            for plane in 0..<image.depth {
                let planes = predictPlane(image.plane(plane), height: image.height, width: image.width, passes: passes,
                                          generator: SeededRandom(seed: seed).derived(UInt64(plane)),
                                          embedding: &embedding, features: &features)
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
                          gradientEmbedding: embedding?.embedding, taskFeatures: features?.vector)
    }

    /// The plane resized so that its longest side is the training side ([1, 1, h, w]), and that size padded to
    /// the network's multiple.
    private func letterbox(_ plane: [Float], height: Int, width: Int) -> (input: Tensor, paddedH: Int, paddedW: Int) {
        let side = specification.training.side
        let scale = Float(side) / Float(max(height, width))
        let input = Resize.bilinear(Tensor(shape: [1, 1, height, width], data: plane),
                                    height: max(1, Int((Float(height) * scale).rounded())),
                                    width: max(1, Int((Float(width) * scale).rounded())))
        let multiple = specification.network.sizeMultiple
        func padded(_ size: Int) -> Int { (size + multiple - 1) / multiple * multiple }
        return (input, padded(input.shape[2]), padded(input.shape[3]))
    }

    /// Planes [N, paddedH, paddedW] cut to their top-left workH × workW and resized to height × width.
    private static func unletterbox(_ values: [Float], planes: Int, paddedH: Int, paddedW: Int, workH: Int, workW: Int,
                                    height: Int, width: Int) -> Tensor {
        var cropped = Tensor(zeros: [planes, 1, workH, workW])
        for n in 0..<planes {
            for y in 0..<workH {
                let source = (n * paddedH + y) * paddedW, target = (n * workH + y) * workW
                for x in 0..<workW { cropped.data[target + x] = values[source + x] }
            }
        }
        return workH == height && workW == width ? cropped : Resize.bilinear(cropped, height: height, width: width)
    }

    /// The 3-D network on the whole volume: every slice letterboxed, sliding windows of the training patch depth
    /// along depth with blended probabilities, one forward per pass; [T, C, D, H, W] values on the scan's grid.
    private func predictVolume(_ image: ScanImage, passes: Int, generator: SeededRandom) -> [Float] {
        let boxes = (0..<image.depth).map { letterbox(image.plane($0), height: image.height, width: image.width) }
        let (workH, workW) = (boxes[0].input.shape[2], boxes[0].input.shape[3])
        let (paddedH, paddedW) = (boxes[0].paddedH, boxes[0].paddedW)
        var volume = Tensor(zeros: [1, 1, image.depth, paddedH, paddedW])
        for (z, box) in boxes.enumerated() {
            for y in 0..<workH {
                for x in 0..<workW { volume.data[(z * paddedH + y) * paddedW + x] = box.input.data[y * workW + x] }
            }
        }
        let mode: ForwardMode = passes > 1 ? .monteCarlo : .inference
        var values: [Float] = []
        for pass in 0..<passes {
            if passes > 1 { model.reseedDropout(generator.derived(UInt64(pass))) }
            let probabilities = SlidingWindow.run(volume, window: specification.training.patchDepth) {
                model.probabilities(logits: model.forward($0, mode: mode))
            }
            // [1, C, D, paddedH, paddedW] → planes in (channel, slice) order, as [T, C, D, H, W] wants them.
            values += Self.unletterbox(probabilities.data, planes: probabilities.shape[1] * image.depth,
                                       paddedH: paddedH, paddedW: paddedW, workH: workH, workW: workW,
                                       height: image.height, width: image.width).data
        }
        return values
    }

    /// Letterboxes the plane to the training side (longest side, padded to the network's multiple), runs all
    /// passes as one batch, and resizes the probabilities back to the plane's size.
    private func predictPlane(_ plane: [Float], height: Int, width: Int, passes: Int, generator: SeededRandom,
                              embedding: inout GradientEmbedding?, features taskFeatures: inout TaskFeatures?) -> Tensor {
        let (input, paddedH, paddedW) = letterbox(plane, height: height, width: width)
        let (workH, workW) = (input.shape[2], input.shape[3])
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
            taskFeatures?.add(probabilities: probabilities, features: features, entry: pass, height: workH, width: workW)
        }
        let channels = probabilities.shape[1]
        return Self.unletterbox(probabilities.data, planes: passes * channels, paddedH: paddedH, paddedW: paddedW,
                                workH: workH, workW: workW, height: height, width: width)
            .reshaped([passes, channels, height, width])
    }
}
