import Foundation

/// A job the pipeline enqueues after a stage, as the life-cycle decides it. `Catalog` turns each into the
/// queue's `NewJob` with its typed payload and idempotency key.
public enum PipelineJob: Sendable, Equatable {
    /// Embed a newly ingested scan; `content` (its content hash) only when a scan is embedded again because its
    /// content changed (a volume extended by late slices), so that the key differs from the first embed's.
    case embed(scan: UUID, content: String? = nil)
    /// Build the map and pick round 0, automatically once the pool has settled (`poolSize` keys it, and `follows`,
    /// the check that found the pool still settling and handed over to this one), not before `afterSeconds`.
    case coldStart(poolSize: Int, afterSeconds: Double, follows: Int64? = nil)
    case train(round: Int)
    case score(round: Int)
    /// Choose round `round`'s batch from the previous round's scores.
    case select(round: Int)
}
