import Catalog
import Foundation
import JobQueue
import Selection
import ServiceRuntime

/// `cluster`: the embedded pool becomes a 2-D map, clusters with an automatically chosen k, and round 0's
/// selection. Map, clusters, selection and the opened round commit with the job.
struct ClusterHandler: JobHandler {
    var kinds: [String] { [JobKinds.cluster] }

    struct EmptyPool: Error, CustomStringConvertible {
        let project: String
        let encoder: String
        var description: String {
            "project '\(project)' has fewer than 2 pool scans embedded with '\(encoder)': ingest scans and wait for the embed jobs (scanselect status)"
        }
    }

    func handle(_ job: ClaimedJob, context: JobContext) async throws {
        guard let project = job.projectID else { throw CatalogError.unknownProject("(none on job \(job.id))") }
        let payload = try job.decodePayload(ClusterPayload.self)
        let (configuration, embeddings) = try await context.client.withCatalog(logger: context.logger) { catalog in
            let configuration = try await catalog.configuration(of: project)
            return (configuration, try await catalog.poolEmbeddings(project: project, encoder: configuration.encoder.name))
        }
        let settings = configuration.coldStart
        guard embeddings.count >= 2 else { throw EmptyPool(project: project, encoder: configuration.encoder.name) }
        let strategyName = payload.strategy ?? settings.strategy
        let budget = min(payload.budget ?? settings.budget, embeddings.count)

        var pipeline = ColdStartPipeline()
        pipeline.clusteringSpace = settings.space == "embedding" ? .embedding : .map
        pipeline.strategy = try settings.strategy(named: strategyName)
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
            try await $0.weightsChecksum(project: project, encoder: configuration.encoder.name)
        } ?? "none"
        let run = ClusterRun(encoder: configuration.encoder.name, weightsChecksum: checksum,
                             space: settings.space, k: clustering.k, silhouetteCurveJSON: curve, points: points)
        try await context.finish(result: #"{"k":\#(clustering.k),"selected":\#(picks.count)}"#) { connection in
            try await Catalog(connection, logger: context.logger)
                .recordColdStart(project: project, run: run, strategy: strategyName, picks: picks)
        }
    }
}
