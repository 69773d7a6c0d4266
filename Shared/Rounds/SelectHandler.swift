import Catalog
import Foundation
import JobQueue
import Selection

/// selector-service's `select` job {round: next}: picks the next batch from the previous round's scores with
/// the project's strategy, writes the model's pre-annotation of each pick to the store, and in one transaction
/// records the picks (opening round `next`) and their pre-annotations, enqueues their export to the PACS when the
/// project asks for it, closes the scored round and completes the job.
public struct SelectHandler: PayloadHandler {
    public init() {}

    public func handle(_ payload: SelectPayload, job: ClaimedJob, context: JobContext) async throws {
        let next = payload.round
        let project = try job.requireProject()
        let scored = next - 1
        let (configuration, inputs) = try await context.client.withCatalog(logger: context.logger) { catalog in
            let configuration = try await catalog.configuration(of: project)
            return (configuration, try await SelectionInputs.load(catalog, project: project, scoredRound: scored,
                                                                  configuration: configuration,
                                                                  strategy: configuration.activeLearning.selectionStrategy,
                                                                  store: context.store))
        }
        let settings = configuration.activeLearning
        let entries = try Self.pick(inputs, settings: settings, round: next)
        let preAnnotations = try await RoundPreAnnotations.make(project: project, round: next, picks: entries.map(\.scanID),
                                                                configuration: configuration, context: context)
        try await context.finish(result: #"{"round":\#(next),"picked":\#(entries.count)}"#) { connection in
            let catalog = Catalog(connection, logger: context.logger)
            if !entries.isEmpty {
                try await catalog.recordSelection(project: project, round: next, strategy: settings.strategy.rawValue,
                                                  picks: entries, provenance: inputs.provenance)
                try await catalog.recordPreAnnotations(project: project, round: next, preAnnotations)
                if let export = ExportPayload.automatic(exportTo: settings.exportTo, round: next, preAnnotations: preAnnotations) {
                    try await catalog.enqueueExport(project: project, export, key: "export:\(project):\(next)")
                }
            }
            try await catalog.apply(.batchSelected(count: entries.count), project: project, round: scored)
        }
    }

    /// The batch as catalog entries; empty when the pool is exhausted. The seed varies per round so random
    /// and BADGE draws differ between rounds yet repeat when a job is retried.
    static func pick(_ inputs: SelectionInputs, settings: ProjectConfiguration.ActiveLearningSettings,
                     round: Int) throws -> [SelectionEntry] {
        guard let pool = inputs.pool else { return [] }
        let picks = try ActiveLearning.select(pool, budget: min(settings.batchSize, inputs.candidates),
                                              strategy: settings.selectionStrategy,
                                              seed: settings.seed &+ UInt64(round))
        return try picks.map { pick in
            let scan = inputs.scans[pick.index]
            return SelectionEntry(scanID: scan, score: pick.total,
                                  componentsJSON: try jsonText(PickComponents(pick)),
                                  reason: pick.reason, cluster: inputs.clusters[scan])
        }
    }
}

/// `selections.components`: the parts the strategy combined, so a pick can be explained and audited.
struct PickComponents: Encodable {
    let entropy: Double?
    let distance: Double?
    let total: Double

    init(_ pick: ActiveLearningPick) {
        entropy = pick.entropy
        distance = pick.distance
        total = pick.total
    }
}
