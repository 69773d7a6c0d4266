import Catalog
import Foundation
import Ingest
import JobQueue

/// ingest-service's `export` job: a round's SEGs to a DICOMweb root or a DIMSE peer (SEGExporter). Every send is recorded in
/// `exports`; if any SEG was not stored the job fails, so the queue retries it with backoff (sending only what is
/// still missing) and its last error — the PACS's reason — shows in `scanselect status`, `jobs` and the console.
public struct ExportHandler: PayloadHandler {
    let credentials: DICOMwebCredentials
    /// The AE title ScanSelect calls a DIMSE peer as (the ingest-service's own, `DIMSE_AE_TITLE`).
    let callingAETitle: String

    public init(credentials: DICOMwebCredentials, callingAETitle: String) {
        self.credentials = credentials
        self.callingAETitle = callingAETitle
    }

    /// Another attempt would not parse it either.
    struct BadDestination: PermanentJobError, CustomStringConvertible {
        let reason: ExportDestinationError
        var description: String { reason.description }
    }

    struct NotAllStored: Error, CustomStringConvertible {
        let failed: Int
        let total: Int
        let reason: String
        var description: String { "\(failed) of \(total) SEG(s) not stored: \(reason)" }
    }

    /// Another attempt would not find a project either.
    struct NoProject: PermanentJobError, CustomStringConvertible {
        let job: Int64
        var description: String { "export job \(job) names no project; queue it with `scanselect export PROJECT --queue`" }
    }

    public func handle(_ payload: ExportPayload, job: ClaimedJob, context: JobContext) async throws {
        guard let project = job.projectID else { throw NoProject(job: job.id) }
        let destination: any SEGDestination
        do {
            destination = try SEGDestinations.make(payload.destination, credentials: credentials, callingAETitle: callingAETitle)
        } catch {
            throw BadDestination(reason: error)
        }
        await context.reportProgress(#"{"stage":"sending","round":\#(payload.round)}"#)
        let records = try await SEGExporter(client: context.client, store: context.store, destination: destination,
                                            logger: context.logger)
            .export(project: project, round: payload.round, onlyUnsent: true)
        let failed = records.filter { $0.state == ExportRecord.State.failed }
        if let first = failed.first {
            throw NotAllStored(failed: failed.count, total: records.count, reason: first.error ?? "no reason given")
        }
        try await context.finish(result: #"{"round":\#(payload.round),"stored":\#(records.count)}"#)
    }
}
