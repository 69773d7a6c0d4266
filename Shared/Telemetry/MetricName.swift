/// Every metric ScanSelect exports, in one place: the exposition's `# HELP` lines come from here, and a service
/// creates its series at start-up (`ServiceRuntime`), so dashboards and alerts see zeros instead of nothing.
public enum MetricName: String, CaseIterable, Sendable {
    case jobsClaimed = "scanselect_jobs_claimed_total"
    case jobsCompleted = "scanselect_jobs_completed_total"
    case jobsFailed = "scanselect_jobs_failed_total"
    case jobsDead = "scanselect_jobs_dead_total"
    case jobsRetried = "scanselect_jobs_retried_total"
    case jobDuration = "scanselect_job_duration_seconds"
    case queueJobs = "scanselect_queue_jobs"
    case queueOldestAge = "scanselect_queue_oldest_age_seconds"
    case ingestInstances = "scanselect_ingest_instances_total"
    case ingestBytes = "scanselect_ingest_received_bytes_total"
    case ingestQuarantined = "scanselect_ingest_quarantined_total"

    public var help: String {
        switch self {
        case .jobsClaimed: "Jobs this worker claimed, by kind."
        case .jobsCompleted: "Jobs this worker completed, by kind."
        case .jobsFailed: "Job attempts that failed and will be retried, by kind."
        case .jobsDead: "Jobs that failed for good (dead, with their error kept), by kind."
        case .jobsRetried: "Failed job attempts put back in the queue for another try, by kind."
        case .jobDuration: "Time a job attempt ran, by kind (buckets reach two hours: training is long)."
        case .queueJobs: "Jobs in the queue by kind and state, sampled from the jobs table (what autoscalers and alerts read)."
        case .queueOldestAge: "Age in seconds of the oldest queued or running job, by kind and state."
        case .ingestInstances: "DICOM instances and files through the ingest doors (stow, dimse, drop-folder), by outcome and refusal reason."
        case .ingestBytes: "Bytes received through the ingest doors (stow, dimse), accepted or refused."
        case .ingestQuarantined: "Inputs moved to the quarantine folder with their error, by door."
        }
    }

    public enum Kind: Sendable {
        case counter, gauge, durationHistogram
    }

    public var kind: Kind {
        switch self {
        case .jobDuration: .durationHistogram
        case .queueJobs, .queueOldestAge: .gauge
        default: .counter
        }
    }

    /// Job durations from a fraction of a second (embedding one image) to two hours (training a 3-D model).
    public static let jobDurationBuckets: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600,
                                                      1200, 1800, 3600, 7200]
}
