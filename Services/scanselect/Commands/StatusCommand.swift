import ArgumentParser
import Catalog
import Foundation
import PostgresNIO

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status",
                                                    abstract: "Pool, rounds and queue at a glance.")

    func run() async throws {
        let report = try await CLIDatabase.with { client, logger in
            var out: [String] = []
            var pool = Table("project", "scans", "embedded", "labelled", "test split", "failed", "cold start")
            for try await (project, scans, embedded, labelled, test, failed) in try await client.query("""
                SELECT p.id, count(s.id), count(s.id) FILTER (WHERE s.state = 'embedded'),
                       count(s.id) FILTER (WHERE EXISTS (SELECT 1 FROM labels l WHERE l.scan_id = s.id AND l.is_current)),
                       count(s.id) FILTER (WHERE s.split = 'test'), count(s.id) FILTER (WHERE s.state = 'failed')
                FROM projects p LEFT JOIN scans s ON s.project_id = p.id GROUP BY p.id ORDER BY p.id
                """, logger: logger).decode((String, Int, Int, Int, Int, Int).self) {
                let readiness = try await client.withCatalog(logger: logger) { try await $0.coldStartReadiness(project: project).0 }
                pool.add(project, "\(scans)", "\(embedded)", "\(labelled)", "\(test)", "\(failed)", readiness.description)
            }
            out.append("POOL\n" + pool.render())

            var failures = Table("project", "scan", "last error")
            for try await (project, scan, error) in try await client.query("""
                SELECT project, scan, coalesce(last_error, '-') FROM scan_failures ORDER BY created_at DESC LIMIT 20
                """, logger: logger).decode((String, UUID, String).self) {
                failures.add(project, String(scan.uuidString.prefix(8)), String(error.prefix(100)))
            }
            if !failures.rows.isEmpty { out.append("FAILED SCANS (scanselect jobs retry revives a scan's embed job)\n" + failures.render()) }

            var rounds = Table("project", "round", "state", "strategy", "selected", "awaiting label", "model val dice")
            for try await (project, number, state, strategy, selected, awaiting, dice) in try await client.query("""
                SELECT r.project_id, r.number, r.state, r.strategy,
                       (SELECT count(*) FROM selections s WHERE s.project_id = r.project_id AND s.round = r.number),
                       (SELECT count(*) FROM selections s WHERE s.project_id = r.project_id AND s.round = r.number
                          AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.scan_id = s.scan_id AND l.is_current)),
                       (SELECT (m.validation->>'dice')::float8 FROM models m
                          WHERE m.project_id = r.project_id AND m.round = r.number)
                FROM rounds r ORDER BY r.project_id, r.number
                """, logger: logger).decode((String, Int, String, String, Int, Int, Double?).self) {
                rounds.add(project, "\(number)", state, strategy, "\(selected)", "\(awaiting)",
                           dice.map { String(format: "%.3f", $0) } ?? "-")
            }
            out.append("ROUNDS\n" + rounds.render())

            var queue = Table("kind", "state", "count", "oldest")
            for try await (kind, state, count, age) in try await client.query("""
                SELECT kind, state, count, coalesce(extract(epoch FROM oldest_age)::float8, -1) FROM queue_status
                ORDER BY kind, state
                """, logger: logger).decode((String, String, Int, Double).self) {
                queue.add(kind, state, "\(count)", age < 0 ? "-" : String(format: "%.0fs", age))
            }
            out.append("QUEUE\n" + queue.render())

            var running = Table("job", "kind", "project", "worker", "progress")
            for try await (id, kind, project, worker, progress) in try await client.query("""
                SELECT id, kind, coalesce(project_id, '-'), coalesce(lease_owner, '-'), coalesce(progress::text, '-')
                FROM jobs WHERE state = 'running' ORDER BY id
                """, logger: logger).decode((Int64, String, String, String, String).self) {
                running.add("\(id)", kind, project, worker, String(progress.prefix(80)))
            }
            out.append("RUNNING\n" + running.render())
            return out.joined(separator: "\n\n")
        }
        print(report)
    }
}
