import PostgresNIO

/// Where a job is in the queue. The schema's CHECK on `jobs.state` lists exactly these (a test compares them);
/// the queue functions in schemas/002 and 004 are the only writers.
public enum JobState: String, CaseIterable, Sendable, PostgresCodable {
    case queued
    case running
    case done
    case dead

    /// The job will not change again by itself.
    public var isFinal: Bool { self == .done || self == .dead }
}

/// How one attempt at a job ended (`job_attempts.outcome`); nil while it runs.
public enum AttemptOutcome: String, CaseIterable, Sendable, PostgresCodable {
    case completed
    case failed
    case released
    case expired
}
