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
    @Option(help: "Jobs claimed per round-trip; 0 runs 1 (both ways) and 16.") var batch = 0

    func run() async throws {
        let base = try DevStack().databaseURL()
        let scratch = "scanselect_bench_\(getpid())"
        try await CLIDatabase.with(url: base, migrate: false) { client, logger in
            try await client.createDatabase(scratch, logger: logger)
        }
        var url = base
        url.database = scratch
        let (workers, jobs) = (self.workers, self.jobs)
        let modes: [Mode] = batch == 0 ? [.separate(1), .chained(1), .chained(16)] : [.separate(batch), .chained(batch)]
        do {
            try await CLIDatabase.with(url: url) { client, logger in
                let commit = try await client.setting("synchronous_commit", logger: logger) ?? "?"
                print("workers \(workers), jobs \(jobs), synchronous_commit \(commit)")
                for mode in modes {
                    let rate = try await Self.measure(client: client, logger: logger, workers: workers, jobs: jobs, mode: mode)
                    print(String(format: "%@: %8.0f jobs/s", mode.description, rate))
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
            try await client.dropDatabase(name, logger: logger)
        }
    }

    /// `separate` claims and completes in two transactions; `chained` completes each batch's last job and
    /// claims the next batch in one, as the services' worker pool does.
    enum Mode: CustomStringConvertible {
        case separate(Int)
        case chained(Int)

        var batch: Int { switch self { case let .separate(size), let .chained(size): size } }
        var kind: String {
            switch self {
            case let .separate(size): "bench.separate.\(size)"
            case let .chained(size): "bench.chained.\(size)"
            }
        }
        var description: String {
            switch self {
            case let .separate(size): "batch \(size), claim and complete in separate transactions"
            case let .chained(size): "batch \(size), complete + claim next in one transaction  "
            }
        }
    }

    static func measure(client: PostgresClient, logger: Logger, workers: Int, jobs: Int, mode: Mode) async throws -> Double {
        let kind = mode.kind
        let queue = JobQueue(client: client, logger: logger)
        try await queue.enqueueNumbered(kind: kind, count: jobs)
        let clock = ContinuousClock()
        let started = clock.now
        let drained = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    let request = ClaimRequest(kinds: [kind], worker: "bench-\(worker)", lease: .seconds(60), limit: mode.batch)
                    var done = 0
                    var claimed = try await queue.claim(request)
                    while let last = claimed.last {
                        for job in claimed.dropLast() { try await queue.complete(job) }
                        done += claimed.count
                        switch mode {
                        case .separate:
                            try await queue.complete(last)
                            claimed = try await queue.claim(request)
                        case .chained:
                            claimed = try await queue.complete(last, thenClaim: request)
                        }
                    }
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
        let seconds = (clock.now - started) / .seconds(1)
        guard drained == jobs else { throw ValidationError("drained \(drained) of \(jobs) jobs") }
        return Double(jobs) / seconds
    }
}
