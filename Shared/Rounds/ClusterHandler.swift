import Catalog
import Foundation
import JobQueue
import Selection

/// `cluster`: the embedded pool becomes a 2-D map, clusters with an automatically chosen k, and round 0's
/// selection. Map, clusters, selection and the opened round commit with the job.
public struct ClusterHandler: PayloadHandler {
    public init() {}

    struct PoolTooSmall: PermanentJobError, CustomStringConvertible {
        let project: String
        let encoder: String
        let embedded: Int
        var description: String {
            "project '\(project)' has \(embedded) pool scans embedded with '\(encoder)', fewer than the \(ProjectConfiguration.ColdStartSettings.smallestPool) a cold start needs: ingest more scans, wait for their embed jobs (scanselect status), then run scanselect coldstart"
        }
    }

    public func handle(_ payload: ClusterPayload, job: ClaimedJob, context: JobContext) async throws {
        let project = try job.requireProject()
        let (configuration, embeddings, readiness) = try await context.client.withCatalog(logger: context.logger) { catalog in
            let configuration = try await catalog.configuration(of: project)
            return (configuration, try await catalog.poolEmbeddings(project: project, encoder: configuration.encoder.name.rawValue),
                    try await catalog.coldStartReadiness(project: project).0)
        }
        // An automatic check whose pool grew meanwhile, or that lost the race to an earlier one (or to
        // `scanselect coldstart`), stands down; the newer arrivals enqueued their own check.
        if payload.automatic == true, readiness != .ready {
            try await context.finish(result: #"{"skipped":\#(try jsonText(readiness.description))}"#) { connection in
                // Still settling: make sure a later check comes, whatever the pool's size does meanwhile.
                if case .settling = readiness {
                    try await Catalog(connection, logger: context.logger).startColdStartIfPoolSettled(project: project, follows: job.id)
                }
            }
            return
        }
        let settings = configuration.coldStart
        guard embeddings.count >= ProjectConfiguration.ColdStartSettings.smallestPool else {
            throw PoolTooSmall(project: project, encoder: configuration.encoder.name.rawValue, embedded: embeddings.count)
        }
        let strategyName = payload.strategy ?? settings.strategy
        let budget = min(payload.budget ?? settings.budget, embeddings.count)

        let matrix = try Matrix(rows: embeddings.count, cols: embeddings[0].vector.count,
                                float32: embeddings.flatMap(\.vector))
        await context.reportProgress(#"{"stage":"map and clusters","scans":\#(embeddings.count)}"#)
        let output = try PoolMap.pipeline(settings, strategy: strategyName).run(embeddings: matrix, budget: budget)
        let checksum = try await context.client.withCatalog(logger: context.logger) {
            try await $0.weightsChecksum(project: project, encoder: configuration.encoder.name.rawValue)
        } ?? "none"
        let (run, clustering) = try PoolMap.run(embeddings, map: output.map, space: output.space,
                                                clustering: output.selection.clustering, settings: settings,
                                                encoder: configuration.encoder.name.rawValue, checksum: checksum)
        let picks = output.selection.picks.map { pick in
            SelectionEntry(scanID: embeddings[pick.index].scanID, score: nil, reason: pick.reason,
                           cluster: pick.cluster ?? clustering.best.labels[pick.index])
        }
        try await context.finish(result: #"{"k":\#(clustering.k),"selected":\#(picks.count)}"#) { connection in
            try await Catalog(connection, logger: context.logger)
                .recordColdStart(project: project, run: run, strategy: strategyName.rawValue, picks: picks)
        }
    }
}
