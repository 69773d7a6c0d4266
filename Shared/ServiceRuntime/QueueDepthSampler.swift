import JobQueue
import Logging
import PostgresNIO
import Telemetry

/// Samples the jobs table into `scanselect_queue_jobs` and `scanselect_queue_oldest_age_seconds`, every kind in
/// every state, zeros included: an alert on a kind that has never had a job still finds its series. One service
/// (the ingest-service, which is never scaled to zero) runs it; the numbers are the whole queue's, not its own.
public struct QueueDepthSampler: Sendable {
    public struct Sample: Sendable, Equatable {
        public let kind: String
        public let state: JobState
        public let count: Int
        public let oldestSeconds: Double
    }

    let queue: JobQueue
    let kinds: [String]
    let interval: Duration

    public init(client: PostgresClient, kinds: [String], logger: Logger, interval: Duration = .seconds(15)) {
        queue = JobQueue(client: client, logger: logger)
        self.kinds = kinds
        self.interval = interval
    }

    /// Returns when cancelled (graceful shutdown), so a stopping service still exits 0.
    public func run() async {
        for sample in Self.samples([], kinds: kinds) { publish(sample) }
        while !Task.isCancelled {
            do {
                for sample in Self.samples(try await queue.summary(), kinds: kinds) { publish(sample) }
            } catch {
                // The database is away: keep the last numbers; /healthz already reports it.
                queue.logger.debug("queue depth not sampled", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    private func publish(_ sample: Sample) {
        let labels = [("kind", sample.kind), ("state", sample.state.rawValue)]
        MetricName.queueJobs.set(Double(sample.count), labels)
        MetricName.queueOldestAge.set(sample.oldestSeconds, labels)
    }

    /// Every kind (the given ones and any the queue holds) in every state; absent means zero.
    public static func samples(_ summary: [QueueSummary], kinds: [String]) -> [Sample] {
        let allKinds = Set(kinds).union(summary.map(\.kind)).sorted()
        let found = Dictionary(summary.map { ("\($0.kind) \($0.state.rawValue)", $0) }) { first, _ in first }
        return allKinds.flatMap { kind in
            JobState.allCases.map { state in
                let row = found["\(kind) \(state.rawValue)"]
                return Sample(kind: kind, state: state, count: row?.count ?? 0, oldestSeconds: row?.oldestSeconds ?? 0)
            }
        }
    }
}
