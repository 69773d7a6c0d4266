import Foundation
import PostgresNIO

/// One project's pool as `scanselect status` shows it.
public struct PoolSummary: Sendable, Equatable {
    public let project: String
    public let scans: Int
    public let embedded: Int
    public let labelled: Int
    public let test: Int
    public let failed: Int
}

/// A scan whose embed job died, newest first.
public struct ScanFailure: Sendable, Equatable {
    public let project: String
    public let scan: UUID
    public let error: String?
}

/// One round's progress: picks, picks still without a label, and its model's validation Dice.
public struct RoundSummary: Sendable, Equatable {
    public let project: String
    public let number: Int
    public let state: RoundState
    public let strategy: String
    public let selected: Int
    public let awaitingLabel: Int
    public let validationDice: Double?
}

/// The read-only views behind `scanselect status`.
extension Catalog {
    public func poolSummaries() async throws -> [PoolSummary] {
        try await execute("""
            SELECT p.id, count(s.id), count(s.id) FILTER (WHERE s.state = \(ScanState.embedded)),
                   count(s.id) FILTER (WHERE EXISTS (SELECT 1 FROM labels l WHERE l.scan_id = s.id AND l.is_current)),
                   count(s.id) FILTER (WHERE s.split = 'test'), count(s.id) FILTER (WHERE s.state = \(ScanState.failed))
            FROM projects p LEFT JOIN scans s ON s.project_id = p.id GROUP BY p.id ORDER BY p.id
            """).decode((String, Int, Int, Int, Int, Int).self).collected().map {
            PoolSummary(project: $0.0, scans: $0.1, embedded: $0.2, labelled: $0.3, test: $0.4, failed: $0.5)
        }
    }

    public func recentScanFailures(limit: Int) async throws -> [ScanFailure] {
        try await execute("""
            SELECT project, scan, last_error FROM scan_failures ORDER BY created_at DESC LIMIT \(limit)
            """).decode((String, UUID, String?).self).collected().map { ScanFailure(project: $0.0, scan: $0.1, error: $0.2) }
    }

    public func roundSummaries() async throws -> [RoundSummary] {
        try await execute("""
            SELECT r.project_id, r.number, r.state, r.strategy,
                   (SELECT count(*) FROM selections s WHERE s.project_id = r.project_id AND s.round = r.number),
                   (SELECT count(*) FROM selections s WHERE s.project_id = r.project_id AND s.round = r.number
                      AND \(unescaped: Self.pickAwaitsLabel)),
                   (SELECT (m.validation->>'dice')::float8 FROM models m
                      WHERE m.project_id = r.project_id AND m.round = r.number)
            FROM rounds r ORDER BY r.project_id, r.number
            """).decode((String, Int, String, String, Int, Int, Double?).self).collected().map {
            RoundSummary(project: $0.0, number: $0.1, state: try RoundState.stored($0.2), strategy: $0.3, selected: $0.4, awaitingLabel: $0.5,
                         validationDice: $0.6)
        }
    }
}

extension RoundState {
    /// A state read from `rounds.state`; the schema's CHECK keeps it one of ours, so failing here means the
    /// database was written by a newer build.
    static func stored(_ text: String) throws(CatalogError) -> RoundState {
        guard let state = RoundState(rawValue: text) else { throw CatalogError.unknownRoundState(text) }
        return state
    }
}

extension AsyncSequence {
    /// All the rows, for the small result sets a status report reads.
    func collected() async throws -> [Element] {
        var values: [Element] = []
        for try await value in self { values.append(value) }
        return values
    }
}
