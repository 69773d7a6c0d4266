import Catalog
import Foundation
import JobQueue
import ServiceRuntime

/// selector-service's `score` job: the round's model predicts every unlabelled pool scan; each gets its
/// uncertainty. Scores, the round's move to selecting and the `select` job for the next round commit together.
public struct ScoreHandler: JobHandler {
    public var kinds: [String] { [JobKinds.score] }

    public init() {}

    public func handle(_ job: ClaimedJob, context: JobContext) async throws {
        let round = try job.decodePayload(RoundPayload.self).round
        let project = try job.requireProject()
        let (configuration, checkpoint, unlabelled) = try await context.client.withCatalog(logger: context.logger) { catalog in
            let configuration = try await catalog.configuration(of: project)
            guard let checkpoint = try await catalog.modelCheckpoint(project: project, round: round, includingRound: true) else {
                throw RoundsError.noModel(project: project, round: round)
            }
            let labelled = Set(try await catalog.currentLabels(project: project).map(\.scanID))
            let unlabelled = try await catalog.scans(project: project, split: "pool").filter { !labelled.contains($0.id) }
            return (configuration, checkpoint, unlabelled)
        }
        let settings = try UncertaintySettings(configuration.activeLearning)
        let wantsGradients = configuration.activeLearning.strategy == StrategyName.badge
        let store = context.store
        let specification = try ModelSpecification(configuration)
        let predictor = try await Blocking.run {
            try SegmentationPredictor(weightsAt: checkpoint, store: store, specification: specification)
        }
        var scores: [(scan: UUID, uncertainty: Double, componentsJSON: String)] = []
        var gradients: [(scan: UUID, embedding: [Float])] = []
        for (index, scan) in unlabelled.enumerated() {
            try Task.checkCancellation()
            let (score, gradient) = try await Blocking.run {
                let prediction = try predictor.predict(try ScanTensors.image(at: scan.tensorPath, in: store),
                                                       passes: settings.passes, seed: settings.seed)
                return (try ScanScore.score(prediction, settings: settings),
                        wantsGradients ? GradientEmbedding.embedding(of: prediction) : nil)
            }
            scores.append((scan.id, score.uncertainty, try jsonText(score)))
            if let gradient { gradients.append((scan.id, gradient)) }
            await context.reportProgress(#"{"stage":"scoring","round":\#(round),"scored":\#(index + 1),"of":\#(unlabelled.count)}"#)
        }
        if wantsGradients { try GradientFile.write(gradients, project: project, round: round, store: store) }
        let next = round + 1
        try await context.finish(result: #"{"scored":\#(scores.count)}"#) { connection in
            let catalog = Catalog(connection, logger: context.logger)
            try await catalog.storeScores(project: project, round: round, scores: scores)
            try await catalog.setRoundState(project: project, round: round, state: "selecting")
            try await context.enqueue(try NewJob(kind: JobKinds.select, projectID: project, payload: RoundPayload(round: next),
                                                 idempotencyKey: "select:\(project):\(next)"), on: connection)
        }
    }
}
