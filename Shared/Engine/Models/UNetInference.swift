import NumericSupport
/// Whole-image inference: probabilities per pixel, optionally averaged over Monte-Carlo dropout passes.
extension UNet {
    /// Sigmoid of a single logit channel, softmax across several.
    public func probabilities(logits: Tensor) -> Tensor {
        configuration.isBinary ? Activations.sigmoid(logits) : SegmentationLoss.channelSoftmax(logits)
    }

    /// Probabilities [channels, height, width] for an image [height, width] in [0, 1]: one channel (the
    /// foreground) for binary models, one per class otherwise.
    ///
    /// - Parameters:
    ///   - workingSide: the side images were letterboxed to in training; the image is resized so that its
    ///     longest side matches it, and probabilities are resized back. `nil` runs at native resolution.
    ///   - passes: > 1 runs that many stochastic passes with dropout active (Monte-Carlo dropout, batched
    ///     into one forward pass) and returns their mean; batch norm keeps its running statistics.
    public func predictProbabilities(image: [Float], height: Int, width: Int, workingSide: Int? = nil,
                                     passes: Int = 1, seed: UInt64 = 0) throws(EngineError) -> Tensor {
        try predictProbabilities(images: [image], height: height, width: width, workingSide: workingSide,
                                 passes: passes, seed: seed)[0]
    }

    /// The same for several images of one size, run as one batch (faster than one by one: whole images
    /// then go to each core).
    public func predictProbabilities(images: [[Float]], height: Int, width: Int, workingSide: Int? = nil,
                                     passes: Int = 1, seed: UInt64 = 0) throws(EngineError) -> [Tensor] {
        guard height > 0, width > 0, images.allSatisfy({ $0.count == height * width }) else {
            throw .invalidInput("every image must have \(height)×\(width) values")
        }
        guard passes >= 1 else { throw .invalidInput("Monte-Carlo passes must be at least 1, got \(passes)") }
        var input = Tensor(shape: [images.count, 1, height, width], data: images.flatMap { $0 })
        if let workingSide {
            let scale = Float(workingSide) / Float(max(height, width))
            input = Resize.bilinear(input, height: max(1, Int((Float(height) * scale).rounded())),
                                    width: max(1, Int((Float(width) * scale).rounded())))
        }
        let (workH, workW) = (input.shape[2], input.shape[3])
        let multiple = configuration.sizeMultiple
        let paddedH = (workH + multiple - 1) / multiple * multiple, paddedW = (workW + multiple - 1) / multiple * multiple
        // Batch entry (image i, pass p) is i·passes + p; padding (zero, like the training letterbox) goes
        // right and below.
        var batch = Tensor(zeros: [images.count * passes, 1, paddedH, paddedW])
        for entry in 0..<(images.count * passes) {
            let image = entry / passes
            for y in 0..<workH {
                for x in 0..<workW {
                    batch.data[(entry * paddedH + y) * paddedW + x] = input.data[(image * workH + y) * workW + x]
                }
            }
        }
        if passes > 1 { reseedDropout(SeededRandom(seed: seed)) }
        let all = probabilities(logits: forward(batch, mode: passes > 1 ? .monteCarlo : .inference))
        let channels = all.shape[1]
        return (0..<images.count).map { image in
            var mean = Tensor(zeros: [1, channels, workH, workW])
            let weight = 1 / Float(passes)
            for entry in (image * passes)..<((image + 1) * passes) {
                for c in 0..<channels {
                    for y in 0..<workH {
                        let source = ((entry * channels + c) * paddedH + y) * paddedW, target = (c * workH + y) * workW
                        for x in 0..<workW { mean.data[target + x] += all.data[source + x] * weight }
                    }
                }
            }
            if workH != height || workW != width { mean = Resize.bilinear(mean, height: height, width: width) }
            return mean.reshaped([channels, height, width])
        }
    }
}
