import ArgumentParser
import Foundation
import JobQueue

struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "List, inspect and retry jobs.",
        subcommands: [List.self, Show.self, Retry.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        @Option(help: "Only this state.") var state: JobState?
        @Option(help: "Only this job kind.") var kind: String?
        @Option(help: "At most this many jobs, newest first.") var limit = 50

        func run() async throws {
            let (state, kind, limit) = (self.state, self.kind, self.limit)
            let jobs = try await CLIDatabase.with { client, logger in
                try await JobQueue(client: client, logger: logger).list(state: state, kind: kind, limit: limit)
            }
            var table = Table("id", "kind", "project", "state", "attempts", "updated", "last error")
            for job in jobs {
                table.add("\(job.id)", job.kind, job.projectID ?? "-", job.state.rawValue, "\(job.attempts)/\(job.maxAttempts)",
                          job.updatedAt.formatted(date: .omitted, time: .standard),
                          String((job.lastError ?? "").prefix(60)))
            }
            print(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        @Argument(help: "The job id.") var id: Int64

        func run() async throws {
            let id = self.id
            let (job, attempts) = try await CLIDatabase.with { client, logger in
                let queue = JobQueue(client: client, logger: logger)
                return (try await queue.job(id: id), try await queue.attempts(jobID: id))
            }
            guard let job else { throw ValidationError("no job \(id)") }
            print("""
                job \(job.id)  kind \(job.kind)  project \(job.projectID ?? "-")  state \(job.state)  attempts \(job.attempts)/\(job.maxAttempts)
                payload:  \(job.payload)
                progress: \(job.progress ?? "-")
                result:   \(job.result ?? "-")
                error:    \(job.lastError ?? "-")
                """)
            var table = Table("attempt", "worker", "started", "ended", "outcome", "error")
            for attempt in attempts {
                table.add("\(attempt.attempt)", attempt.worker, attempt.startedAt.formatted(date: .omitted, time: .standard),
                          attempt.endedAt?.formatted(date: .omitted, time: .standard) ?? "-", attempt.outcome?.rawValue ?? "running",
                          String((attempt.error ?? "").prefix(60)))
            }
            print(table.render())
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give dead jobs a fresh set of attempts.")
        @Argument(help: "Job ids; none means every dead job.") var ids: [Int64] = []

        func run() async throws {
            let ids = self.ids
            let revived = try await CLIDatabase.with { client, logger in
                let queue = JobQueue(client: client, logger: logger)
                let targets = ids.isEmpty ? try await queue.list(state: .dead, kind: nil, limit: 100_000).map(\.id) : ids
                var revived: [Int64] = []
                for id in targets where try await queue.retryDead(jobID: id) { revived.append(id) }
                return revived
            }
            print(revived.isEmpty ? "no dead job to retry" : "requeued: \(revived.map(String.init).joined(separator: ", "))")
        }
    }
}

/// `--state dead` and friends: ArgumentParser lists the cases in help and refuses others.
extension JobState: ExpressibleByArgument {}
