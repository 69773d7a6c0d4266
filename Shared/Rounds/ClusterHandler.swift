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

        var pipeline = ColdStartPipeline()
        pipeline.clusteringSpace = settings.space.clusteringSpace
        pipeline.strategy = strategyName.strategy(kMax: settings.kMax)
        pipeline.seed = settings.seed
        let matrix = try Matrix(rows: embeddings.count, cols: embeddings[0].vector.count,
                                float32: embeddings.flatMap(\.vector))
        await context.reportProgress(#"{"stage":"map and clusters","scans":\#(embeddings.count)}"#)
        let output = try pipeline.run(embeddings: matrix, budget: budget)
        // Non-clustering strategies still get clusters, for the map's colours and the view.
        let clustering = try output.selection.clustering
            ?? ClusterCountSelection(kRange: 2...max(2, min(settings.kMax, embeddings.count - 1)), seed: settings.seed)
                .choose(output.space)
        let map = output.map ?? output.space
        let points = embeddings.indices.map { index in
            MapPoint(scanID: embeddings[index].scanID, x: map[index, 0], y: map.cols > 1 ? map[index, 1] : 0,
                     cluster: clustering.best.labels[index])
        }
        let curve = "[" + clustering.candidates.map {
            #"{"k":\#($0.k),"silhouette":\#($0.silhouette),"inertia":\#($0.inertia)}"#
        }.joined(separator: ",") + "]"
        let picks = output.selection.picks.map { pick in
            SelectionEntry(scanID: embeddings[pick.index].scanID, score: nil, reason: pick.reason,
                           cluster: pick.cluster ?? clustering.best.labels[pick.index])
        }
        let checksum = try await context.client.withCatalog(logger: context.logger) {
            try await $0.weightsChecksum(project: project, encoder: configuration.encoder.name.rawValue)
        } ?? "none"
        let run = ClusterRun(encoder: configuration.encoder.name.rawValue, weightsChecksum: checksum,
                             space: settings.space.rawValue, k: clustering.k, silhouetteCurveJSON: curve, points: points)
        try await context.finish(result: #"{"k":\#(clustering.k),"selected":\#(picks.count)}"#) { connection in
            try await Catalog(connection, logger: context.logger)
                .recordColdStart(project: project, run: run, strategy: strategyName.rawValue, picks: picks)
        }
    }
}
