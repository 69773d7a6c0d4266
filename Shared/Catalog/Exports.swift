import Foundation
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

extension Catalog {
    /// The round's SEG pre-annotations (DICOM scans with a study UID).
    public func segsToSend(project: String, round: Int) async throws -> [SEGToSend] {
        let rows = try await execute("""
            SELECT p.scan_id, s.study_uid, p.sop_instance_uid, p.path FROM pre_annotations p JOIN scans s ON s.id = p.scan_id
            WHERE p.project_id = \(project) AND p.round = \(round) AND p.format = 'seg' AND s.study_uid IS NOT NULL
              AND p.sop_instance_uid IS NOT NULL
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
