import NumericSupport
/// Trains a U-Net on labelled scans: seeded train/validation split that keeps a volume's slices together
/// (ValidationSplit), augmented batches prepared on another thread while the previous one trains (a 3-D network
/// trains on volume patches and validates whole volumes by sliding window), soft Dice + BCE/cross-entropy,
/// Adam(W) with a per-epoch schedule, early stopping on validation Dice, and a checkpoint after every epoch.
public final class SegmentationTrainer {
    public struct Outcome {
        /// The model with the weights of the best validation epoch.
        public let model: UNet
        public let bestValidationDice: Float
        public let bestEpoch: Int
        public let epochsCompleted: Int
        public let stoppedEarly: Bool
    }

    public let configuration: TrainingConfiguration
    private let samples: [SegmentationSample]
    private let trainIndices: [Int]
    private let validationIndices: [Int]

    public init(configuration: TrainingConfiguration, samples: [SegmentationSample]) throws(EngineError) {
        try configuration.validate()
        guard !samples.isEmpty else { throw .invalidInput("no labelled samples to train on") }
        for (index, sample) in samples.enumerated() {
            if let label = sample.mask.max(), Int(label) >= configuration.model.classes {
                throw .invalidInput("sample \(index) has label \(label) but the model has \(configuration.model.classes) classes")
            }
        }
        self.configuration = configuration
        self.samples = samples
        let sides = ValidationSplit.split(sources: samples.map(\.source), fraction: configuration.validationFraction,
                                          seed: configuration.seed)
        validationIndices = sides.validation
        trainIndices = sides.train
    }

    public func train(resumingFrom checkpoint: TrainingCheckpoint? = nil,
                      progress: (EpochReport) -> Void = { _ in },
                      saveCheckpoint: (TrainingCheckpoint) -> Void = { _ in }) throws(EngineError) -> Outcome {
        let model = try UNet(configuration: configuration.model, seed: configuration.seed)
        let optimizer = Adam(layer: model, configuration.optimizer)
        var state = TrainingCheckpoint.Progress.start(seed: configuration.seed)
        var best = model.state().map(\.tensor.value)
        if let checkpoint { (best, state) = try checkpoint.restore(model: model, optimizer: optimizer) }
        let validation = validationBatches()
        var stoppedEarly = state.staleEpochs >= configuration.patience
        while !stoppedEarly && state.epoch + 1 < configuration.epochs {
            let epoch = state.epoch + 1
            let learningRate = configuration.schedule.learningRate(base: configuration.optimizer.learningRate, epoch: epoch)
            optimizer.hyperparameters.learningRate = learningRate
            let loss = trainEpoch(model, optimizer, generator: state.generator.derived(UInt64(epoch)))
            let dice = validationDice(model, validation)
            let improved = dice > state.bestDice
            if improved {
                best = model.state().map(\.tensor.value)
                state.bestDice = dice
                state.bestEpoch = epoch
                state.staleEpochs = 0
            } else {
                state.staleEpochs += 1
            }
            state.epoch = epoch
            _ = state.generator.next()
            stoppedEarly = state.staleEpochs >= configuration.patience
            progress(EpochReport(epoch: epoch, trainingLoss: loss, validationDice: dice, learningRate: learningRate,
                                 improved: improved))
            saveCheckpoint(TrainingCheckpoint.make(model: model, best: best, optimizer: optimizer, progress: state))
        }
        for (entry, value) in zip(model.state(), best) { entry.tensor.value = value }
        return Outcome(model: model, bestValidationDice: state.bestDice, bestEpoch: state.bestEpoch,
                       epochsCompleted: state.epoch + 1, stoppedEarly: stoppedEarly)
    }

    /// One pass over the shuffled training set, or as many passes as `minimumSamplesPerEpoch` needs; returns
    /// the mean loss.
    private func trainEpoch(_ model: UNet, _ optimizer: Adam, generator: SeededRandom) -> Float {
        var shuffler = generator
        let order = Self.epochOrder(trainIndices, minimumSamples: configuration.minimumSamplesPerEpoch, shuffler: &shuffler)
        let groups = stride(from: 0, to: order.count, by: configuration.batchSize).map {
            order[$0..<min($0 + configuration.batchSize, order.count)].map { samples[$0] }
        }
        let augmentation = configuration.augmentation, side = configuration.side
        let volumes = configuration.model.dimensions == 3, patchDepth = configuration.patchDepth
        func prepare(_ index: Int) -> PendingBatch {
            let group = groups[index], stream = generator.derived(UInt64(index), 1)
            return PendingBatch {
                volumes ? VolumePatch.batch(group, patchDepth: patchDepth, side: side, augmentation: augmentation,
                                            generator: stream)
                    : augmentation.batch(group, side: side, generator: stream)
            }
        }
        var pending = prepare(0)
        var total: Float = 0
        for index in groups.indices {
            let batch = pending.wait()
            if index + 1 < groups.count { pending = prepare(index + 1) }
            optimizer.zeroGrad()
            model.reseedDropout(generator.derived(UInt64(index), 2))
            let loss = SegmentationLoss.diceAndCrossEntropy(logits: model.forward(batch.images, mode: .train),
                                                            labels: batch.labels)
            _ = model.backward(loss.gradient)
            optimizer.step()
            total += loss.value
        }
        return total / Float(groups.count)
    }

    /// Freshly shuffled passes over `indices`, cut to max(one pass, `minimumSamples`).
    static func epochOrder(_ indices: [Int], minimumSamples: Int, shuffler: inout SeededRandom) -> [Int] {
        var order: [Int] = []
        repeat {
            var pass = indices
            shuffler.shuffle(&pass)
            order += pass
        } while order.count < minimumSamples && !indices.isEmpty
        return Array(order.prefix(max(indices.count, minimumSamples)))
    }

    /// Fixed batches of the validation samples; in 3-D one whole volume each (volumes differ in depth).
    private func validationBatches() -> [SegmentationBatch] {
        let indices = validationIndices.isEmpty ? trainIndices : validationIndices
        if configuration.model.dimensions == 3 {
            return indices.map { VolumePatch.whole(samples[$0], side: configuration.side) }
        }
        let generator = SeededRandom(seed: 0)
        return stride(from: 0, to: indices.count, by: configuration.batchSize).map {
            let group = indices[$0..<min($0 + configuration.batchSize, indices.count)].map { samples[$0] }
            return Augmentation.none.batch(group, side: configuration.side, generator: generator.derived(UInt64($0)))
        }
    }

    private func validationDice(_ model: UNet, _ batches: [SegmentationBatch]) -> Float {
        var scores: [Float] = []
        for batch in batches {
            let logits = configuration.model.dimensions == 3
                ? SlidingWindow.run(batch.images, window: configuration.patchDepth) { model.forward($0, mode: .inference) }
                : model.forward(batch.images, mode: .inference)
            scores += DiceScore.perSample(predicted: DiceScore.labels(logits: logits),
                                          truth: batch.labels.data.map { UInt8($0) },
                                          pixels: batch.labels.spatialCount, classes: configuration.model.classes)
        }
        return scores.reduce(0, +) / Float(max(1, scores.count))
    }
}
