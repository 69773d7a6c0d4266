import Catalog
import Encoders
import Foundation
import JobQueue
import ServiceRuntime
import TensorStore

/// `embed`: one scan's normalised tensor becomes its embedding with the project's encoder (a volume: the
/// mean over its central slices). The embedding, and the `cluster` job when it completes the pool, commit
/// with the job.
struct EmbedHandler: JobHandler {
    let store: TensorStore
    let encoders = EncoderCache()
    var kinds: [String] { [JobKinds.embed] }

    func handle(_ job: ClaimedJob, context: JobContext) async throws {
        let payload = try job.decodePayload(EmbedPayload.self)
        let (scan, configuration) = try await context.client.withCatalog(logger: context.logger) { catalog in
            let scan = try await catalog.scan(payload.scan)
            return (scan, try await catalog.configuration(of: scan.projectID))
        }
        let batcher = try await encoders.batcher(for: configuration.encoder)
        let encoder = batcher.encoder
        let image = try store.readImage(scan.tensorPath)
        let slices = encoder.centralSlices(image.values, depth: image.depth, height: image.height, width: image.width,
                                           count: configuration.encoder.centralSlices)
        let vector = encoder.meanEmbedding(try await batcher.embed(slices))
        try await context.finish(result: #"{"encoder":"\#(encoder.name)","dim":\#(vector.count)}"#) { connection in
            try await Catalog(connection, logger: context.logger).storeEmbedding(
                scan: scan.id, encoder: encoder.name, weightsChecksum: encoder.weightsChecksum, vector: vector)
        }
    }
}
