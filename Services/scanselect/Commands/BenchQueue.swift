import ArgumentParser
import Database
import Foundation
import JobQueue
import Logging
import PostgresNIO

/// Claim+complete throughput of the job queue, on a fresh scratch database so that the numbers do not
/// depend on what else the server holds.
struct BenchQueue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "queue", abstract: "Job queue claim+complete jobs/s.")
    @Option(help: "Concurrent workers.") var workers = 4
    @Option(help: "Jobs to drain.") var jobs = 20_000
    @Option(help: "Jobs claimed per round-trip; 0 runs both 1 and 16.") var batch = 0

    func run() async throws {
        let base = try DevStack().databaseURL()
        let scratch = "scanselect_bench_\(getpid())"
        try await CLIDatabase.with(url: base, migrate: false) { client, logger in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(scratch)"), logger: logger)
        }
        var url = base
        url.database = scratch
        let (workers, jobs) = (self.workers, self.jobs)
        let batches = batch == 0 ? [1, 16] : [batch]
        do {
            try await CLIDatabase.with(url: url) { client, logger in
                let commit = try await client.query("SHOW synchronous_commit", logger: logger).decode(String.self)
                    .reduce(into: "") { $0 = $1 }
                print("workers \(workers), jobs \(jobs), synchronous_commit \(commit)")
                for batch in batches {
                    let rate = try await Self.measure(client: client, logger: logger, workers: workers, jobs: jobs, batch: batch)
                    print(String(format: "batch %3d: %8.0f jobs/s", batch, rate))
                }
            }
        } catch {
            try? await dropScratch(base: base, name: scratch)
            throw error
        }
        try await dropScratch(base: base, name: scratch)
    }

    private func dropScratch(base: DatabaseURL, name: String) async throws {
        try await CLIDatabase.with(url: base, migrate: false) { client, logger in
            try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name)"), logger: logger)
        }
    }

    static func measure(client: PostgresClient, logger: Logger, workers: Int, jobs: Int, batch: Int) async throws -> Double {
        let kind = "bench.\(batch)"
        try await client.query("""
            INSERT INTO jobs (kind, payload) SELECT \(kind), jsonb_build_object('n', g) FROM generate_series(1, \(jobs)) g
            """, logger: logger)
        let queue = JobQueue(client: client, logger: logger)
        let clock = ContinuousClock()
        let started = clock.now
        let drained = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var done = 0
                    while true {
                        let claimed = try await queue.claim(kinds: [kind], worker: "bench-\(worker)", lease: .seconds(60),
                                                            limit: batch)
                        if claimed.isEmpty { return done }
                        for job in claimed { try await queue.complete(job) }
                        done += claimed.count
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        let seconds = (clock.now - started) / .seconds(1)
        guard drained == jobs else { throw ValidationError("drained \(drained) of \(jobs) jobs") }
        return Double(jobs) / seconds
    }
}
