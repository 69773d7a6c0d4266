import Engine
import Foundation
import JobQueue
import SafeTensors
import TensorStore

/// One finished epoch, as the training curve and `scanselect status` show it (epochs count from 1).
public struct EpochRecord: Sendable, Codable, Equatable {
    public var epoch: Int
    public var loss: Double
    public var validationDice: Double
    public var learningRate: Double
    public var improved: Bool
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case epoch, loss, improved, seconds
        case validationDice = "val_dice"
        case learningRate = "lr"
    }
}

/// What a finished run hands to the catalog.
public struct TrainedModel: Sendable {
    /// The best validation epoch's weights as a PyTorch-named state dict with the model's shape in metadata.
    public let weights: [UInt8]
    public let curve: [EpochRecord]
    public let bestValidationDice: Double
    /// One-based, like the curve.
    public let bestEpoch: Int
    public let epochsCompleted: Int
    public let stoppedEarly: Bool
    public let samples: Int
    /// The epoch (one-based) whose checkpoint this attempt resumed from; `nil` for a run started afresh.
    public let resumedAfterEpoch: Int?

    /// Training time summed over every attempt's epochs, so a resumed run reports its whole cost.
    public var seconds: Double { curve.reduce(0) { $0 + $1.seconds } }
}

/// Where a round's in-progress training lives on the store; deterministic so a restarted trainer finds it.
public struct CheckpointLocation: Sendable, Equatable {
    public let epoch: String
    public let curve: String

    public init(project: String, round: Int) {
        epoch = "checkpoints/\(project)/round-\(round)/epoch.safetensors"
        curve = "checkpoints/\(project)/round-\(round)/curve.json"
    }
}

/// Trains one round's U-Net an epoch at a time: after every epoch the checkpoint is on the store and the task
/// may be cancelled, so a stopped trainer loses at most the epoch it was in and resumes after the last one.
/// (Engine's trainer runs all epochs in one blocking call; driving it one epoch per call from its own
/// checkpoint is what makes the run cancellable without changing the result.)
public struct TrainingRun: Sendable {
    public let specification: ModelSpecification
    public let samples: [SegmentationSample]
    public let store: TensorStore
    public let location: CheckpointLocation
    /// Earlier weights to start from (the previous round's model), used only on a fresh start.
    public let warmStart: SafeTensorsFile?

    public init(specification: ModelSpecification, samples: [SegmentationSample], store: TensorStore,
                location: CheckpointLocation, warmStart: SafeTensorsFile?) {
        self.specification = specification
        self.samples = samples
        self.store = store
        self.location = location
        self.warmStart = warmStart
    }

    /// Whether a checkpoint of an interrupted run is waiting.
    public var canResume: Bool { store.exists(location.epoch) }

    public func run(progress: @Sendable (EpochRecord) async -> Void = { _ in }) async throws -> TrainedModel {
        let start = try resumePoint()
        var (checkpoint, curve) = (start.checkpoint, start.curve)
        let resumedAfterEpoch = start.resumed ? checkpoint.map { $0.epoch + 1 } : nil
        let total = specification.training.epochs
        while true {
            try Task.checkCancellation()
            let started = ContinuousClock.now
            let step = try await Blocking.run { [specification, samples, checkpoint] in
                try TrainingStep.run(specification.training, samples: samples, from: checkpoint, total: total)
            }
            if let report = step.report, let next = step.checkpoint {
                let record = EpochRecord(epoch: report.epoch + 1, loss: Double(report.trainingLoss),
                                         validationDice: Double(report.validationDice),
                                         learningRate: Double(report.learningRate), improved: report.improved,
                                         seconds: (ContinuousClock.now - started) / .seconds(1))
                curve.append(record)
                try store.write(bytes: next.bytes, to: location.epoch)
                try store.write(bytes: Array(try JSONEncoder.sorted.encode(curve)), to: location.curve)
                checkpoint = next
                await progress(record)
            }
            if let finished = step.finished {
                return TrainedModel(weights: finished.weights, curve: curve,
                                    bestValidationDice: Double(finished.bestValidationDice),
                                    bestEpoch: finished.bestEpoch + 1, epochsCompleted: finished.epochsCompleted,
                                    stoppedEarly: finished.stoppedEarly, samples: samples.count,
                                    resumedAfterEpoch: resumedAfterEpoch)
            }
        }
    }

    /// Removes the in-progress files once the model is recorded; a later run of the round starts afresh.
    public func discardCheckpoint() {
        for path in [location.epoch, location.curve] { try? FileManager.default.removeItem(atPath: store.absolutePath(path)) }
    }

    /// The checkpoint to start from, the curve so far, and whether that is an interrupted run's checkpoint.
    private func resumePoint() throws -> (checkpoint: TrainingCheckpoint?, curve: [EpochRecord], resumed: Bool) {
        if canResume {
            let checkpoint = try TrainingCheckpoint(bytes: try store.read(location.epoch).bytes,
                                                    source: store.absolutePath(location.epoch))
            let curveBytes = FileManager.default.contents(atPath: store.absolutePath(location.curve)) ?? Data()
            let curve = (try? JSONDecoder().decode([EpochRecord].self, from: curveBytes)) ?? []
            return (checkpoint, curve.filter { $0.epoch <= checkpoint.epoch + 1 }, true)
        }
        guard let warmStart else { return (nil, [], false) }
        return (try WarmStart.checkpoint(weights: warmStart, training: specification.training), [], false)
    }
}
