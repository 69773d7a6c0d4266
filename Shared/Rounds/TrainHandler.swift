import Catalog
import Engine
import Foundation
import JobQueue
import Logging
import SafeTensors
import TensorStore

/// trainer-service's `train` job: trains the round's U-Net on every labelled pool scan, scores it on the labelled
/// test scans (if any), then — in the transaction that completes the job — records the model and reports `modelTrained` to the round's life-cycle
/// (which enqueues `score`, or closes the project's last round).
public struct TrainHandler: PayloadHandler {
    public init() {}

    public func handle(_ payload: TrainPayload, job: ClaimedJob, context: JobContext) async throws {
        let round = payload.round
        let project = try job.requireProject()
        let inputs = try await context.client.withCatalog(logger: context.logger) { catalog in
            try await TrainingInputs.load(catalog, project: project, round: round)
        }
        let store = context.store
        let dimensions = ModelSpecification.dimensions(for: inputs.configuration,
                                                       workingShapes: inputs.labelled.map(\.scan.workingShape))
        let specification = try ModelSpecification(inputs.configuration, dimensions: dimensions)
        let warmStart = try await Blocking.run { [path = inputs.warmStart] in
            try TrainingInputs.warmStart(path, ifTrainedAs: dimensions, store: store)
        }
        if inputs.warmStart != nil && warmStart == nil {
            context.logger.notice("round \(round) trains from scratch: the previous model is not a \(dimensions)-D network")
        }
        let samples = try await Blocking.run { [labelled = inputs.labelled] in
            try TrainingSamples.load(labelled, specification: specification, store: store)
        }
        let run = TrainingRun(specification: specification, samples: samples, store: store,
                              location: CheckpointLocation(project: project, round: round), warmStart: warmStart)
        let total = specification.training.epochs
        let resumed = run.canResume
        let trained = try await run.run { record in
            await context.reportProgress((try? jsonText(TrainingProgress(round: round, epochs: total, record: record,
                                                                         resumed: resumed))) ?? "{}")
        }
        let weightsPath = try store.put(bytes: trained.weights)
        let test = inputs.test.isEmpty ? nil
            : try await TestEvaluation.evaluate(checkpoint: weightsPath, specification: specification,
                                                labelled: inputs.test, store: store)
        let validation = ValidationSummary(trained, labelledScans: inputs.labelled.count,
                                           warmStart: warmStart != nil)
        let scanIDs = inputs.labelled.map(\.scan.id)
        try await context.finish(result: try jsonText(validation)) { connection in
            let catalog = Catalog(connection, logger: context.logger)
            try await catalog.insertModel(project: project, round: round, checkpointPath: weightsPath, labelled: scanIDs,
                                          validationJSON: try jsonText(validation), curveJSON: try jsonText(trained.curve),
                                          testJSON: try test.map(jsonText), seconds: trained.seconds)
            let isLast = inputs.configuration.activeLearning.maxRounds.map { round >= $0 } ?? false
            try await catalog.apply(.modelTrained(isLastRound: isLast), project: project, round: round)
        }
        run.discardCheckpoint()
    }
}

/// What a train job reads from the catalog before it starts.
struct TrainingInputs: Sendable {
    let configuration: ProjectConfiguration
    let labelled: [(scan: ScanRecord, label: LabelRecord)]
    /// Labelled held-out scans: never trained on, only scored.
    let test: [(scan: ScanRecord, label: LabelRecord)]
    let warmStart: String?

    /// The previous round's weights start this one only if they are the same network: the choice of dimensions
    /// changes when the setting does, or when the labelled scans stop being all volumes. The file read for the
    /// check is the one training starts from.
    static func warmStart(_ path: String?, ifTrainedAs dimensions: Int, store: TensorStore) throws -> SafeTensorsFile? {
        guard let path else { return nil }
        let weights = try store.read(path)
        return ModelWeights.dimensions(of: weights) == dimensions ? weights : nil
    }

    static func load(_ catalog: Catalog, project: String, round: Int) async throws -> TrainingInputs {
        let configuration = try await catalog.configuration(of: project)
        let labelled = try await TestEvaluation.labelledScans(catalog, project: project, split: "pool")
        guard !labelled.isEmpty else { throw RoundsError.noLabelledScans(project: project, round: round) }
        let warmStart = configuration.training.warmStart
            ? try await catalog.modelCheckpoint(project: project, round: round, includingRound: false) : nil
        return TrainingInputs(configuration: configuration, labelled: labelled,
                              test: try await TestEvaluation.labelledScans(catalog, project: project, split: "test"),
                              warmStart: warmStart)
    }
}

/// The live progress `scanselect status` shows while a round trains.
struct TrainingProgress: Encodable {
    let stage = "training"
    let round: Int
    let epoch: Int
    let epochs: Int
    let loss: Double
    let valDice: Double
    let resumed: Bool

    init(round: Int, epochs: Int, record: EpochRecord, resumed: Bool) {
        self.round = round
        self.epoch = record.epoch
        self.epochs = epochs
        self.loss = record.loss
        self.valDice = record.validationDice
        self.resumed = resumed
    }

    enum CodingKeys: String, CodingKey {
        case stage, round, epoch, epochs, loss, resumed
        case valDice = "val_dice"
    }
}

/// The model row's `validation` column: the held-out Dice of the kept (best) epoch and how training ended.
struct ValidationSummary: Encodable {
    let dice: Double
    let bestEpoch: Int
    let epochsCompleted: Int
    let stoppedEarly: Bool
    let samples: Int
    let labelledScans: Int
    let warmStart: Bool
    let resumedAfterEpoch: Int?

    init(_ model: TrainedModel, labelledScans: Int, warmStart: Bool) {
        dice = model.bestValidationDice
        bestEpoch = model.bestEpoch
        epochsCompleted = model.epochsCompleted
        stoppedEarly = model.stoppedEarly
        samples = model.samples
        self.labelledScans = labelledScans
        self.warmStart = warmStart
        resumedAfterEpoch = model.resumedAfterEpoch
    }

    enum CodingKeys: String, CodingKey {
        case dice, samples
        case bestEpoch = "best_epoch"
        case epochsCompleted = "epochs_completed"
        case stoppedEarly = "stopped_early"
        case labelledScans = "labelled_scans"
        case warmStart = "warm_start"
        case resumedAfterEpoch = "resumed_after_epoch"
    }
}
