import Foundation
import PostgresNIO

/// A pick an annotator will not label, and who said so.
public struct ScanSkip: Sendable, Equatable {
    public let scanID: UUID
    public let reason: String
    public let skippedBy: String
    public let at: Date
}

extension Catalog {
    /// Marks a picked scan skipped: its round stops waiting for it (a round whose every other pick is labelled
    /// starts training) and it is never picked again. Skipping twice keeps the first record.
    public func skipScan(_ scan: UUID, reason: String, by user: String) async throws {
        let record = try await self.scan(scan)
        let picked = try await first("SELECT count(*)::bigint FROM selections WHERE scan_id = \(scan)", as: Int64.self) ?? 0
        guard picked > 0 else { throw CatalogError.notPicked(scan: scan.uuidString) }
        try await execute("""
            INSERT INTO skipped_scans (scan_id, project_id, reason, skipped_by)
            VALUES (\(scan), \(record.projectID), \(reason), \(user)) ON CONFLICT (scan_id) DO NOTHING
            """)
        try await startTrainingIfRoundComplete(project: record.projectID)
    }

    public func skip(of scan: UUID) async throws -> ScanSkip? {
        let rows = try await execute("SELECT reason, skipped_by, created_at FROM skipped_scans WHERE scan_id = \(scan)")
        for try await (reason, user, at) in rows.decode((String, String, Date).self) {
            return ScanSkip(scanID: scan, reason: reason, skippedBy: user, at: at)
        }
        return nil
    }
}
