import ArgumentParser
import Catalog
import Foundation
import JobQueue

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status",
                                                    abstract: "Pool, rounds and queue at a glance.")

    func run() async throws {
        let report = try await CLIDatabase.with { client, logger in
            var out: [String] = []
            let (pools, failed, rounds) = try await client.withCatalog(logger: logger) { catalog in
                var pools: [(PoolSummary, ColdStartReadiness)] = []
                for pool in try await catalog.poolSummaries() {
                    pools.append((pool, try await catalog.coldStartReadiness(project: pool.project).0))
                }
                return (pools, try await catalog.recentScanFailures(limit: 20), try await catalog.roundSummaries())
            }
            var pool = Table("project", "scans", "embedded", "labelled", "test split", "failed", "cold start")
            for (p, readiness) in pools {
                pool.add(p.project, "\(p.scans)", "\(p.embedded)", "\(p.labelled)", "\(p.test)", "\(p.failed)",
                         readiness.description)
            }
            out.append("POOL\n" + pool.render())

            var failures = Table("project", "scan", "last error")
            for failure in failed {
                failures.add(failure.project, String(failure.scan.uuidString.prefix(8)), String((failure.error ?? "-").prefix(100)))
            }
            if !failures.rows.isEmpty { out.append("FAILED SCANS (scanselect jobs retry revives a scan's embed job)\n" + failures.render()) }

            var roundTable = Table("project", "round", "state", "strategy", "selected", "awaiting label", "model val dice")
            for r in rounds {
                roundTable.add(r.project, "\(r.number)", r.state.rawValue, r.strategy, "\(r.selected)", "\(r.awaitingLabel)",
                               r.validationDice.map { String(format: "%.3f", $0) } ?? "-")
            }
            out.append("ROUNDS\n" + roundTable.render())

            let queue = JobQueue(client: client, logger: logger)
            var queueTable = Table("kind", "state", "count", "oldest")
            for row in try await queue.summary() {
                queueTable.add(row.kind, row.state.rawValue, "\(row.count)", row.oldestSeconds.map { String(format: "%.0fs", $0) } ?? "-")
            }
            out.append("QUEUE\n" + queueTable.render())

            var running = Table("job", "kind", "project", "worker", "progress")
            for job in try await queue.running() {
                running.add("\(job.id)", job.kind, job.projectID ?? "-", job.leaseOwner ?? "-", String((job.progress ?? "-").prefix(80)))
            }
            out.append("RUNNING\n" + running.render())
            return out.joined(separator: "\n\n")
        }
        print(report)
    }
}
