import NumericSupport
import SafeTensors

/// Everything a killed trainer needs to resume after its last finished epoch: model, best model so far,
/// optimiser moments, epoch, early-stopping state and the run's random generator, as one safetensors file
/// (model tensors under "model.", best under "best.", optimiser under "adam.", the rest in metadata).
public struct TrainingCheckpoint: Sendable {
    /// The last completed epoch (zero-based).
    public let epoch: Int
    public let bytes: [UInt8]

    public init(bytes: [UInt8], source: String = "<checkpoint>") throws(EngineError) {
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile(bytes: bytes, source: source) } catch {
            throw .invalidCheckpoint(file: source, reason: error.description)
        }
        guard let epoch = file.metadata["epoch"].flatMap(Int.init) else {
            throw .invalidCheckpoint(file: source, reason: "no epoch in metadata")
        }
        self.epoch = epoch
        self.bytes = bytes
    }

    struct Progress {
        var epoch: Int
        var generator: SeededRandom
        var bestDice: Float
        var bestEpoch: Int
        var staleEpochs: Int

        /// Where a fresh run with this seed starts: before epoch 0, nothing best yet.
        static func start(seed: UInt64) -> Progress {
            Progress(epoch: -1, generator: SeededRandom(seed: seed &+ 1), bestDice: -1, bestEpoch: -1, staleEpochs: 0)
        }
    }

    /// A checkpoint "before epoch 0" holding `model`'s weights and a fresh optimiser: resuming from it
    /// fine-tunes those weights (for example the previous active-learning round's) exactly as a fresh run
    /// with `configuration` would train from its own initialisation.
    public static func warmStart(model: UNet, configuration: TrainingConfiguration) -> TrainingCheckpoint {
        make(model: model, best: model.state().map(\.tensor.value),
             optimizer: Adam(layer: model, configuration.optimizer), progress: .start(seed: configuration.seed))
    }

    static func make(model: UNet, best: [Tensor], optimizer: Adam, progress: Progress) -> TrainingCheckpoint {
        var writer = SafeTensorsWriter(metadata: [
            "epoch": String(progress.epoch),
            "generator": progress.generator.stateWords.map(String.init).joined(separator: ","),
            "best_dice": String(progress.bestDice),
            "best_epoch": String(progress.bestEpoch),
            "stale_epochs": String(progress.staleEpochs),
        ])
        model.addState(to: &writer, prefix: "model.")
        for (entry, value) in zip(model.state(prefix: "best."), best) {
            writer.add(entry.name, floats: value.data, shape: value.shape)
        }
        optimizer.addState(to: &writer)
        let bytes = writer.serialized()
        return TrainingCheckpoint(epoch: progress.epoch, bytes: bytes)
    }

    private init(epoch: Int, bytes: [UInt8]) {
        self.epoch = epoch
        self.bytes = bytes
    }

    /// Loads model and optimiser state; returns the best weights and the progress counters.
    func restore(model: UNet, optimizer: Adam) throws(EngineError) -> (best: [Tensor], progress: Progress) {
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile(bytes: bytes, source: "<checkpoint>") } catch {
            throw .invalidCheckpoint(file: "<checkpoint>", reason: error.description)
        }
        try model.loadState(from: file, prefix: "model.")
        try optimizer.loadState(from: file)
        var best: [Tensor] = []
        for entry in model.state(prefix: "best.") {
            guard let stored = file.entries[entry.name], stored.shape == entry.tensor.value.shape else {
                throw .missingParameter(name: entry.name, file: file.source)
            }
            do { best.append(Tensor(shape: entry.tensor.value.shape, data: try file.floats(entry.name))) } catch {
                throw .invalidCheckpoint(file: file.source, reason: error.description)
            }
        }
        let words = (file.metadata["generator"] ?? "").split(separator: ",").compactMap { UInt64($0) }
        guard words.count == 4, let bestDice = file.metadata["best_dice"].flatMap(Float.init),
              let bestEpoch = file.metadata["best_epoch"].flatMap(Int.init),
              let stale = file.metadata["stale_epochs"].flatMap(Int.init) else {
            throw .invalidCheckpoint(file: file.source, reason: "metadata lacks generator, best_dice, best_epoch or stale_epochs")
        }
        return (best, Progress(epoch: epoch, generator: SeededRandom(state: words), bestDice: bestDice,
                               bestEpoch: bestEpoch, staleEpochs: stale))
    }
}
