import Foundation
import JobQueue
import PostgresNIO

/// A round's DICOM SEG pre-annotation, ready to send to the PACS its scan came from.
public struct SEGToSend: Sendable, Equatable {
    public let scanID: UUID
    public let studyUID: String
    public let sopInstanceUID: String
    /// Relative to the tensor store root.
    public let path: String
}

/// One send of one SEG to one PACS.
public struct ExportRecord: Sendable, Equatable {
    public enum State: String, Sendable, PostgresCodable { case stored, failed }

    public let scanID: UUID
    public let sopInstanceUID: String
    public let destination: String
    public let state: State
    public let error: String?

    public init(scanID: UUID, sopInstanceUID: String, destination: String, state: State, error: String?) {
        (self.scanID, self.sopInstanceUID, self.destination, self.state, self.error) = (scanID, sopInstanceUID, destination, state, error)
    }
}

/// ingest-service's `export` job: send round `round`'s SEGs to a DICOMweb root or `dimse://AE@host:port`. The selector enqueues it with the
/// round's picks when the project sets `activeLearning.exportTo`; `scanselect export --queue` enqueues one by hand.
/// A send that fails is retried with the queue's backoff (only what the destination has not stored yet) until
/// the job's attempts run out; `scanselect status`, `jobs` and the console show its last error meanwhile.
public struct ExportPayload: JobPayload, Equatable {
    public static let kind = "export"
    public let round: Int
    public let destination: String

    public init(round: Int, destination: String) {
        (self.round, self.destination) = (round, destination)
    }

    /// The job the selector enqueues for a round whose picks have SEGs to send, if the project exports at all.
    public static func automatic(exportTo destination: String?, round: Int, preAnnotations: [PreAnnotationRow]) -> ExportPayload? {
        guard let destination, !destination.isEmpty else { return nil }
        let hasSEG = preAnnotations.contains {
            if case let .written(format, _, _, uid, _) = $0.outcome { return format == "seg" && uid != nil }
            return false
        }
        return hasSEG ? ExportPayload(round: round, destination: destination) : nil
    }
}

extension Catalog {
    /// `key`: a retried select job must not queue its round's export twice; a hand-made export may repeat.
    public func enqueueExport(project: String, _ payload: ExportPayload, key: String?) async throws {
        try await enqueue(try NewJob(payload, projectID: project, idempotencyKey: key, maxAttempts: 8))
    }

    /// The round's SEG pre-annotations (DICOM scans with a study UID); with `unsentTo`, only those that destination
    /// has not stored yet.
    public func segsToSend(project: String, round: Int, unsentTo destination: String? = nil) async throws -> [SEGToSend] {
        let rows = try await execute("""
            SELECT p.scan_id, s.study_uid, p.sop_instance_uid, p.path FROM pre_annotations p JOIN scans s ON s.id = p.scan_id
            WHERE p.project_id = \(project) AND p.round = \(round) AND p.format = 'seg' AND s.study_uid IS NOT NULL
              AND p.sop_instance_uid IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM exports e WHERE e.project_id = p.project_id AND e.round = p.round
                                AND e.scan_id = p.scan_id AND e.destination = \(destination) AND e.state = 'stored')
            ORDER BY s.study_uid, p.scan_id
            """)
        var found: [SEGToSend] = []
        for try await (scan, study, uid, path) in rows.decode((UUID, String, String, String).self) {
            found.append(SEGToSend(scanID: scan, studyUID: study, sopInstanceUID: uid, path: path))
        }
        return found
    }

    public func recordExports(project: String, round: Int, _ records: [ExportRecord]) async throws {
        for record in records {
            try await execute("""
                INSERT INTO exports (project_id, round, scan_id, sop_instance_uid, destination, state, error)
                VALUES (\(project), \(round), \(record.scanID), \(record.sopInstanceUID), \(record.destination),
                        \(record.state), \(record.error))
                """)
        }
    }
}
