import PostgresNIO

/// Where a scan is on its way into the pool. The schema's CHECK on `scans.state` lists exactly these (a test
/// compares them).
public enum ScanState: String, CaseIterable, Sendable, PostgresCodable {
    /// Stored; its embed job is queued or running.
    case ingested
    /// Has an embedding: it counts towards the pool the cold start clusters.
    case embedded
    /// Its embed job died; `last_error` says why and `scanselect jobs retry` revives it.
    case failed
}
