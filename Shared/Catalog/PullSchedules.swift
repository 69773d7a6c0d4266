import Foundation
import JobQueue
import PostgresNIO

/// A saved DICOMweb search that the ingest-service runs again every `everySeconds`.
public struct PullSchedule: Sendable, Equatable {
    public var name: String
    public var project: String
    public var dicomweb: String
    public var study: String?
    /// QIDO-RS attribute=value pairs.
    public var query: [[String]]
    public var everySeconds: Double
    public var enabled = true
    public var runs = 0
    public var lastRunAt: Date?
    public var lastReport: String?

    public init(name: String, project: String, dicomweb: String, study: String?, query: [[String]], everySeconds: Double) {
        self.name = name
        self.project = project
        self.dicomweb = dicomweb
        self.study = study
        self.query = query
        self.everySeconds = everySeconds
    }
}

/// One run of a schedule: `run` counts from 1, and keys the job so that one run is never queued twice.
public struct PullPayload: JobPayload, Equatable {
    public static let kind = "pull"
    public let schedule: String
    public let run: Int

    public init(schedule: String, run: Int) {
        self.schedule = schedule
        self.run = run
    }

    public func newJob(project: String, notBefore: Date?) throws -> NewJob {
        try NewJob(self, projectID: project, idempotencyKey: "pull:\(schedule):\(run)", notBefore: notBefore)
    }
}

extension Catalog {
    /// Saves (or replaces) the schedule, enabled, and queues its next run now; returns that job's id.
    public func savePullSchedule(_ schedule: PullSchedule) async throws -> Int64 {
        guard schedule.name.range(of: "^[a-z0-9][a-z0-9_-]{0,62}$", options: .regularExpression) != nil else {
            throw CatalogError.invalidConfiguration(source: "--name \(schedule.name)",
                                                    reason: "use lower-case letters, digits, '-' and '_' (at most 63)")
        }
        let query = String(decoding: try JSONEncoder().encode(schedule.query), as: UTF8.self)
        guard let runs = try await first("""
            INSERT INTO pull_schedules (name, project_id, dicomweb, study, query, every_seconds)
            VALUES (\(schedule.name), \(schedule.project), \(schedule.dicomweb), \(schedule.study), \(query)::jsonb,
                    \(schedule.everySeconds))
            ON CONFLICT (name) DO UPDATE SET project_id = EXCLUDED.project_id, dicomweb = EXCLUDED.dicomweb,
                study = EXCLUDED.study, query = EXCLUDED.query, every_seconds = EXCLUDED.every_seconds, enabled = true
            RETURNING runs
            """, as: Int.self) else { throw CatalogError.unknownProject(schedule.project) }
        return try await JobQueue.enqueue(try PullPayload(schedule: schedule.name, run: runs + 1)
            .newJob(project: schedule.project, notBefore: nil), on: connection, logger: logger)
    }

    /// Every schedule, or the one named `name`.
    public func pullSchedules(named name: String? = nil) async throws -> [PullSchedule] {
        var schedules: [PullSchedule] = []
        for try await (name, project, dicomweb, study, query, every, enabled, runs, lastRun, report) in try await execute("""
            SELECT name, project_id, dicomweb, study, query::text, every_seconds, enabled, runs, last_run_at, last_report
            FROM pull_schedules WHERE \(name)::text IS NULL OR name = \(name) ORDER BY name
            """).decode((String, String, String, String?, String, Double, Bool, Int, Date?, String?).self) {
            var schedule = PullSchedule(name: name, project: project, dicomweb: dicomweb, study: study,
                                        query: (try? JSONDecoder().decode([[String]].self, from: Data(query.utf8))) ?? [],
                                        everySeconds: every)
            schedule.enabled = enabled
            schedule.runs = runs
            schedule.lastRunAt = lastRun
            schedule.lastReport = report
            schedules.append(schedule)
        }
        return schedules
    }

    public func pullSchedule(_ name: String) async throws -> PullSchedule? {
        try await pullSchedules(named: name).first
    }

    /// Stops the chain: the next run finds the schedule disabled and queues no other. False: no such schedule.
    public func stopPullSchedule(_ name: String) async throws -> Bool {
        try await first("UPDATE pull_schedules SET enabled = false WHERE name = \(name) RETURNING true", as: Bool.self) ?? false
    }

    /// The series this schedule has already pulled whole.
    public func pulledSeries(schedule: String) async throws -> Set<String> {
        Set(try await all("SELECT series_uid FROM pulled_series WHERE schedule = \(schedule)", as: String.self))
    }

    /// Records run `run` (what it pulled, its one-line report) and, while the schedule is enabled, queues the
    /// next run `everySeconds` from now — in the caller's transaction, with the job's completion.
    public func recordPullRun(_ schedule: PullSchedule, run: Int, pulled: [String], report: String) async throws {
        try await execute("""
            INSERT INTO pulled_series (schedule, series_uid) SELECT \(schedule.name), unnest(\(pulled)::text[])
            ON CONFLICT DO NOTHING
            """)
        let enabled = try await first("""
            UPDATE pull_schedules SET runs = greatest(runs, \(run)), last_run_at = now(), last_report = \(report)
            WHERE name = \(schedule.name) RETURNING enabled
            """, as: Bool.self) ?? false
        guard enabled else { return }
        try await enqueue(try PullPayload(schedule: schedule.name, run: run + 1)
            .newJob(project: schedule.project, notBefore: Date().addingTimeInterval(schedule.everySeconds)))
    }
}
