import Catalog
import Foundation
import JobQueue
import Logging

/// ingest-service's `pull` job: one run of a saved DICOMweb search. Series the schedule already has are not asked
/// for again; what this run pulled whole, its report and the next run (while the schedule is enabled) commit with
/// the job, so a restarted service neither loses the chain nor runs it twice.
public struct PullHandler: PayloadHandler {
    let credentials: DICOMwebCredentials
    let concurrency: Int

    public init(credentials: DICOMwebCredentials, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.credentials = credentials
        self.concurrency = concurrency
    }

    struct UnknownSchedule: PermanentJobError, CustomStringConvertible {
        let name: String
        var description: String { "no pull schedule '\(name)': it was deleted; `scanselect ingest schedules` lists them" }
    }

    public func handle(_ payload: PullPayload, job: ClaimedJob, context: JobContext) async throws {
        let (schedule, have) = try await context.client.withCatalog(logger: context.logger) { catalog in
            guard let schedule = try await catalog.pullSchedule(payload.schedule) else { throw UnknownSchedule(name: payload.schedule) }
            return (schedule, try await catalog.pulledSeries(schedule: schedule.name))
        }
        guard schedule.enabled else {
            try await context.finish(result: #"{"stopped":true}"#)
            return
        }
        let importer = BatchImport(ingestor: Ingestor(client: context.client, store: context.store, logger: context.logger),
                                   labels: LabelImporter(client: context.client, store: context.store, logger: context.logger),
                                   concurrency: concurrency)
        let pull = DICOMwebPull(client: DICOMwebClient(base: schedule.dicomweb, credentials: credentials), importer: importer)
        await context.reportProgress(#"{"stage":"pulling","schedule":\#(try jsonString(schedule.name)),"run":\#(payload.run)}"#)
        let (report, pulled) = try await pull.pull(study: schedule.study, query: schedule.query.map { ($0.first ?? "", $0.last ?? "") },
                                                   project: schedule.project, skipping: have)
        let summary = report.summary + report.failures.prefix(3).map { "; \($0.reason)" }.joined()
        if !report.failures.isEmpty {
            context.logger.warning("pull run had failures", metadata: ["schedule": "\(schedule.name)", "run": "\(payload.run)",
                                                                      "failed": "\(report.failures.count)"])
        }
        try await context.finish(result: #"{"series":\#(pulled.count),"report":\#(try jsonString(summary))}"#) { connection in
            try await Catalog(connection, logger: context.logger)
                .recordPullRun(schedule, run: payload.run, pulled: pulled, report: summary)
        }
    }
}

private func jsonString(_ text: String) throws -> String {
    String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
}
