import NumericSupport
import Engine
import SafeTensors

/// One epoch of Engine's trainer, run synchronously: the horizon is set one epoch past the checkpoint while
/// the learning-rate schedule keeps the full run's length, so epoch-by-epoch equals one long run.
struct TrainingStep: Sendable {
    struct Finished: Sendable {
        let weights: [UInt8]
        let bestValidationDice: Float
        let bestEpoch: Int
        let epochsCompleted: Int
        let stoppedEarly: Bool
    }

    var report: EpochReport?
    var checkpoint: TrainingCheckpoint?
    /// Set when the run is over (all epochs, or early stopping).
    var finished: Finished?

    static func run(_ configuration: TrainingConfiguration, samples: [SegmentationSample],
                    from checkpoint: TrainingCheckpoint?, total: Int) throws(EngineError) -> TrainingStep {
        var single = configuration
        single.epochs = min(total, (checkpoint?.epoch ?? -1) + 2)
        let trainer = try SegmentationTrainer(configuration: single, samples: samples)
        var step = TrainingStep()
        let outcome = try trainer.train(resumingFrom: checkpoint, progress: { step.report = $0 },
                                        saveCheckpoint: { step.checkpoint = $0 })
        if outcome.stoppedEarly || outcome.epochsCompleted >= total {
            let metadata = ModelWeights.metadata(configuration)
            step.finished = Finished(weights: outcome.model.serializedState(metadata: metadata),
                                     bestValidationDice: outcome.bestValidationDice, bestEpoch: outcome.bestEpoch,
                                     epochsCompleted: outcome.epochsCompleted, stoppedEarly: outcome.stoppedEarly)
        }
        return step
    }
}

/// Starts a round from the previous round's weights. Engine's trainer only starts fresh or resumes, so a warm
/// start is expressed as a checkpoint "before epoch 0" holding those weights, a fresh optimiser and the
/// generator state a fresh run would use (the layout TrainingCheckpoint documents).
enum WarmStart {
    static func checkpoint(weights: SafeTensorsFile, training: TrainingConfiguration) throws(EngineError) -> TrainingCheckpoint {
        let model = try UNet(configuration: training.model, seed: training.seed)
        try model.loadState(from: weights)
        let optimizer = Adam(layer: model, training.optimizer)
        var writer = SafeTensorsWriter(metadata: [
            "epoch": "-1",
            "generator": SeededRandom(seed: training.seed &+ 1).stateWords.map(String.init).joined(separator: ","),
            "best_dice": "-1", "best_epoch": "-1", "stale_epochs": "0",
        ])
        model.addState(to: &writer, prefix: "model.")
        model.addState(to: &writer, prefix: "best.")
        optimizer.addState(to: &writer)
        return try TrainingCheckpoint(bytes: writer.serialized(), source: "warm start from \(weights.source)")
    }
}

/// Final model files: the state dict under PyTorch names, with the shape that rebuilds the network.
enum ModelWeights {
    /// The network a weights file was trained as; files from before the 3-D network are 2-D.
    static func dimensions(of file: SafeTensorsFile) -> Int {
        file.metadata["dimensions"].flatMap(Int.init) ?? 2
    }

    static func metadata(_ training: TrainingConfiguration) -> [String: String] {
        let model = training.model
        return ["format": "scanselect-unet", "classes": "\(model.classes)", "base_channels": "\(model.baseChannels)",
                "depth": "\(model.depth)", "dropout": "\(model.dropout)", "side": "\(training.side)",
                "dimensions": "\(model.dimensions)"]
    }
}
