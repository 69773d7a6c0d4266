import Catalog
import Encoders
import Foundation
import JobQueue
import Logging
import PostgresNIO
import TensorStore

/// `embed`: one scan's normalised tensor becomes its embedding with the project's encoder (a volume: the
/// mean over its central slices, or mean and max over its foreground slices, as `encoder.volume` says). The
/// embedding, and the `cluster` job when it settles the pool, commit with the job.
public struct EmbedHandler: PayloadHandler {
    let store: TensorStore
    let encoders = EncoderCache()

    public init(store: TensorStore) {
        self.store = store
    }

    public func handle(_ payload: EmbedPayload, job: ClaimedJob, context: JobContext) async throws {
        let (scan, configuration) = try await context.client.withCatalog(logger: context.logger) { catalog in
            let scan = try await catalog.scan(payload.scan)
            return (scan, try await catalog.configuration(of: scan.projectID))
        }
        let batcher = try await encoders.batcher(for: configuration.encoder)
        let encoder = batcher.encoder
        let image = try store.readImage(scan.tensorPath)
        let vector: [Float]
        switch configuration.encoder.volume {
        case .central:
            vector = encoder.meanEmbedding(try await batcher.embed(encoder.centralSlices(
                image.values, depth: image.depth, height: image.height, width: image.width,
                count: configuration.encoder.centralSlices)))
        case .foregroundMeanMax:
            vector = encoder.meanMaxEmbedding(try await batcher.embed(encoder.foregroundSlices(
                image.values, depth: image.depth, height: image.height, width: image.width)))
        }
        try await context.finish(result: #"{"encoder":"\#(encoder.name)","dim":\#(vector.count)}"#) { connection in
            try await Catalog(connection, logger: context.logger).storeEmbedding(
                scan: scan.id, encoder: encoder.name, weightsChecksum: encoder.weightsChecksum, vector: vector)
        }
    }

    /// A scan that cannot be embedded is failed with the error: the pool stops waiting for it (the cold start
    /// proceeds without it), and `scanselect jobs retry` revives it.
    public func jobDied(_ job: ClaimedJob, error: String, client: PostgresClient, logger: Logger) async throws {
        let scan = try job.payload(EmbedPayload.self).scan
        try await client.withCatalogTransaction(logger: logger) { try await $0.markScanFailed(scan, error: error) }
    }
}
