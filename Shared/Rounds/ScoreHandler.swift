import Catalog
import Foundation
import JobQueue

/// selector-service's `score` job: the round's model predicts every unlabelled pool scan; each gets its
/// uncertainty; scans that arrived after the map was built are placed on it (or the grown pool's map is rebuilt).
/// The map update, scores and the round's `poolScored` event (which enqueues the next round's `select`) commit
/// together.
public struct ScoreHandler: PayloadHandler {
    public init() {}

    public func handle(_ payload: ScorePayload, job: ClaimedJob, context: JobContext) async throws {
        let round = payload.round
        let project = try job.requireProject()
        let (configuration, checkpoint, unlabelled, labelledPool, arrivals) = try await context.client.withCatalog(logger: context.logger) { catalog in
            let configuration = try await catalog.configuration(of: project)
            guard let checkpoint = try await catalog.modelCheckpoint(project: project, round: round, includingRound: true) else {
                throw RoundsError.noModel(project: project, round: round)
            }
            let labelled = Set(try await catalog.currentLabels(project: project).map(\.scanID))
            let pool = try await catalog.scans(project: project, split: "pool")
            return (configuration, checkpoint, pool.filter { !labelled.contains($0.id) }, pool.filter { labelled.contains($0.id) },
                    try await NewArrivals.mapUpdate(catalog, project: project, settings: configuration.coldStart))
        }
        let settings = try UncertaintySettings(configuration.activeLearning)
        let wantsGradients = configuration.activeLearning.strategy == .badge
        let wantsFeatures = configuration.activeLearning.space == .model
            && configuration.activeLearning.selectionStrategy.needsCoordinates
        let store = context.store
        let specification = try ModelSpecification(configuration)
        let predictor = try await SegmentationPredictor.load(weightsAt: checkpoint, store: store, specification: specification)
        let scoring = PoolScoring(predictor: predictor, settings: settings, store: store, gradients: wantsGradients,
                                  features: wantsFeatures)
        let scored = try await scoring.score(unlabelled) { count in
            await context.reportProgress(#"{"stage":"scoring","round":\#(round),"scored":\#(count),"of":\#(unlabelled.count)}"#)
        }
        if wantsGradients {
            try ScanVectorFile.write(.gradients, scored.compactMap { item in item.gradient.map { (item.scan, $0) } },
                                     project: project, round: round, store: store)
        }
        if wantsFeatures {
            // Distances to the labelled scans count too, so they are seen through the same model.
            let anchors = try await scoring.features(of: labelledPool)
            try ScanVectorFile.write(.features, anchors + scored.compactMap { item in item.features.map { (item.scan, $0) } },
                                     project: project, round: round, store: store)
        }
        let rows = try scored.map { (scan: $0.scan, uncertainty: $0.score.uncertainty, componentsJSON: try jsonText($0.score)) }
        try await context.finish(result: #"{"scored":\#(rows.count)}"#) { connection in
            let catalog = Catalog(connection, logger: context.logger)
            try await arrivals?.record(catalog, project: project)
            try await catalog.storeScores(project: project, round: round, scores: rows)
            try await catalog.apply(.poolScored, project: project, round: round)
        }
    }
}
