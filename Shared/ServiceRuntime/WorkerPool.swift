import Foundation
import JobQueue
import Logging
import PostgresNIO
import ServiceLifecycle
import Telemetry
import TensorStore

/// Runs `WORKER_CONCURRENCY` claim loops for one handler, plus the lease reaper and the notification
/// listener. On graceful shutdown it stops claiming, lets running jobs finish within the grace period, and
/// releases the ones that do not.
public struct WorkerPool: Service {
    public let handler: any JobHandler
    public let queue: JobQueue
    public let store: TensorStore
    public let configuration: ServiceConfiguration
    public let logger: Logger
    public let workerID: String
    private let wake = WakeSignal()

    public init(handler: any JobHandler, queue: JobQueue, store: TensorStore, configuration: ServiceConfiguration,
                logger: Logger, workerID: String = WorkerPool.makeWorkerID()) {
        self.handler = handler
        self.queue = queue
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.workerID = workerID
    }

    public static func makeWorkerID() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        return "\(host)-\(getpid())-\(UUID().uuidString.prefix(6))"
    }

    public func run() async throws {
        let stopping = StopFlag()
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { background in
                background.addTask { await listenForJobs(until: stopping) }
                background.addTask { await reapExpiredLeases(until: stopping) }
                await withTaskGroup(of: Void.self) { loops in
                    for slot in 0..<configuration.workerConcurrency {
                        loops.addTask { await claimLoop(slot: slot, until: stopping) }
                    }
                }
                background.cancelAll()
            }
        } onGracefulShutdown: {
            Task {
                await stopping.stop()
                await wake.wakeAll()
            }
        }
    }

    // MARK: Loops

    /// A slot claims, runs and completes jobs one after another. Completing a job also claims the slot's next
    /// ones in the same transaction, so a busy slot commits once per job; it claims on its own only when idle.
    private func claimLoop(slot: Int, until stopping: StopFlag) async {
        let worker = configuration.workerConcurrency == 1 ? workerID : "\(workerID)/\(slot)"
        let request = ClaimRequest(kinds: handler.kinds, worker: worker, lease: configuration.lease,
                                   limit: configuration.claimBatch)
        var backoff = Backoff()
        var handedOver: [ClaimedJob] = []
        while await !stopping.isStopped, !Task.isCancelled {
            let seen = await wake.generation
            do {
                let jobs = handedOver.isEmpty ? try await queue.claim(request) : handedOver
                handedOver = []
                backoff.reset()
                if jobs.isEmpty {
                    await wake.wait(upTo: configuration.pollInterval, unlessWokenSince: seen)
                    continue
                }
                for (index, job) in jobs.enumerated() {
                    if await stopping.isStopped {
                        for unstarted in jobs[index...] { try? await queue.release(unstarted) }
                        break
                    }
                    handedOver = await run(job, holding: Array(jobs[(index + 1)...]), stopping: stopping,
                                           thenClaim: index == jobs.count - 1 ? request : nil)
                }
            } catch {
                let delay = backoff.next()
                logger.warning("cannot claim jobs; retrying", metadata: ["error": "\(error)", "retry_in_s": "\(delay)"])
                // A notification (the database is answering again) may end the wait early; nothing else does.
                await wake.wait(upTo: .milliseconds(Int(delay * 1000)), unlessWokenSince: seen)
            }
        }
        for unstarted in handedOver { try? await queue.release(unstarted) }
    }

    /// Runs `job` while the rest of its claimed batch, `waiting` its turn, keeps its leases: a held job whose
    /// lease ran out would be reaped and run by another worker while still queued here (and then run twice).
    private func run(_ job: ClaimedJob, holding waiting: [ClaimedJob], stopping: StopFlag,
                     thenClaim next: ClaimRequest?) async -> [ClaimedJob] {
        guard !waiting.isEmpty else { return await run(job, stopping: stopping, thenClaim: next) }
        return await withTaskGroup(of: [ClaimedJob]?.self) { group in
            group.addTask {
                await withTaskGroup(of: Void.self) { leases in
                    for held in waiting { leases.addTask { await keepLease(of: held) } }
                }
                return nil
            }
            group.addTask { await run(job, stopping: stopping, thenClaim: next) }
            var handedOver: [ClaimedJob] = []
            for await result in group {
                guard let result else { continue }
                handedOver = result
                break
            }
            group.cancelAll()
            return handedOver
        }
    }

    /// Returns the jobs claimed with this one's completion.
    private func run(_ job: ClaimedJob, stopping: StopFlag, thenClaim next: ClaimRequest?) async -> [ClaimedJob] {
        var jobLogger = logger
        jobLogger[metadataKey: "job"] = "\(job.id)"
        jobLogger[metadataKey: "kind"] = "\(job.kind)"
        jobLogger[metadataKey: "attempt"] = "\(job.attempt)"
        MetricName.jobsClaimed.increment([("kind", job.kind)])
        let finished = FinishState(nextClaim: next)
        let context = JobContext(queue: queue, store: store, logger: jobLogger, job: job, finished: finished)
        let started = ContinuousClock.now
        jobLogger.info("job started")

        let outcome: Result<Void, any Error> = await withTaskGroup(of: Result<Void, any Error>?.self) { group in
            group.addTask {
                do {
                    try await handler.handle(job, context: context)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            group.addTask { await keepLease(of: job); return nil }
            group.addTask { await enforceGrace(stopping: stopping); return nil }
            var outcome: Result<Void, any Error> = .failure(CancellationError())
            while let next = await group.next() {
                if let result = next { outcome = result; break }
                // The lease was lost or the grace period ran out: stop the work.
                break
            }
            group.cancelAll()
            return outcome
        }

        let seconds = (ContinuousClock.now - started).seconds
        MetricName.jobDuration.record(seconds: seconds, [("kind", job.kind)])
        // A cancelled pool must still hand its job back: record the outcome in a task that is not cancelled.
        let cancelled = Task.isCancelled
        return await Task { await record(outcome, of: job, finished: finished, cancelled: cancelled, seconds: seconds,
                                         logger: jobLogger) }.value
    }

    /// Returns the jobs claimed with a completion; a job that failed after its `finish` gives them back.
    private func record(_ outcome: Result<Void, any Error>, of job: ClaimedJob, finished: FinishState, cancelled: Bool,
                        seconds: Double, logger jobLogger: Logger) async -> [ClaimedJob] {
        var handedOver = await finished.handedOver
        do {
            switch outcome {
            case .success:
                if await !finished.isFinished {
                    if let next = finished.nextClaim {
                        handedOver = try await queue.complete(job, thenClaim: next)
                    } else {
                        try await queue.complete(job)
                    }
                }
                MetricName.jobsCompleted.increment([("kind", job.kind)])
                jobLogger.info("job completed", metadata: ["seconds": "\(String(format: "%.3f", seconds))"])
                return handedOver
            case .failure(let error) where error is CancellationError || cancelled:
                try await queue.release(job)
                jobLogger.notice("job released (shutdown or lost lease)")
            case .failure(let error) where await finished.isFinished:
                jobLogger.warning("job failed after recording its result; the result stands",
                                  metadata: ["error": "\(error)"])
            case .failure(let error as LeaseLost):
                jobLogger.warning("job lease lost; another worker owns it now", metadata: ["error": "\(error)"])
            case .failure(let error):
                let message = String(describing: error)
                let failure = try await queue.fail(job, error: message, permanent: error is any PermanentJobError)
                (failure == .dead ? MetricName.jobsDead : .jobsFailed).increment([("kind", job.kind)])
                if case .retry = failure {
                    MetricName.jobsRetried.increment([("kind", job.kind)])
                }
                jobLogger.error("job failed", metadata: ["error": "\(message)", "outcome": "\(failure)"])
                if failure == .dead {
                    try await handler.jobDied(job, error: message, client: queue.client, logger: jobLogger)
                }
            }
        } catch {
            // The database is unreachable; the lease will expire and the reaper requeues the job.
            jobLogger.error("could not record job outcome", metadata: ["error": "\(error)"])
        }
        for unstarted in handedOver { try? await queue.release(unstarted) }
        return []
    }

    /// Returns only when the lease is lost; the caller then cancels the job.
    private func keepLease(of job: ClaimedJob) async {
        let interval = Duration.milliseconds(Int(configuration.lease.seconds * 1000 / 3))
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { return }
            do {
                if try await !queue.heartbeat(job, lease: configuration.lease) {
                    logger.warning("lease lost", metadata: ["job": "\(job.id)"])
                    return
                }
            } catch {
                logger.warning("heartbeat failed", metadata: ["job": "\(job.id)", "error": "\(error)"])
            }
        }
    }

    /// Returns when a shutdown has been requested and the grace period has passed.
    private func enforceGrace(stopping: StopFlag) async {
        while !Task.isCancelled {
            if await stopping.isStopped {
                try? await Task.sleep(for: configuration.shutdownGrace)
                return
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    private func reapExpiredLeases(until stopping: StopFlag) async {
        let interval = Duration.milliseconds(max(500, Int(configuration.lease.seconds * 1000 / 2)))
        while await !stopping.isStopped, !Task.isCancelled {
            do {
                let reaped = try await queue.reapExpiredLeases()
                if reaped > 0 {
                    logger.notice("requeued jobs with expired leases", metadata: ["count": "\(reaped)"])
                    await wake.wakeAll()
                }
            } catch {
                logger.debug("reaper could not reach the database", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    private func listenForJobs(until stopping: StopFlag) async {
        var backoff = Backoff()
        let kinds = Set(handler.kinds)
        while await !stopping.isStopped, !Task.isCancelled {
            do {
                try await queue.client.withConnection { connection in
                    try await connection.listen(on: JobQueue.notificationChannel) { notifications in
                        backoff.reset()
                        await wake.wakeAll()
                        for try await notification in notifications {
                            if await stopping.isStopped { return }
                            if kinds.contains(notification.payload) { await wake.wakeAll() }
                        }
                    }
                }
            } catch {
                let delay = backoff.next()
                logger.debug("notification listener lost its connection", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            }
        }
    }
}

actor StopFlag {
    private(set) var isStopped = false
    func stop() { isStopped = true }
}

/// Capped exponential backoff for reconnecting after the database blinked.
/// Back-off between failed claims: the queue's retry policy with a short base, so a database outage is polled
/// gently (0.1 s doubling to 10 s) instead of in a tight loop.
struct Backoff {
    private static let policy = RetryPolicy(baseDelay: 0.1, maximumDelay: 10)
    private var attempt = 0
    mutating func reset() { attempt = 0 }
    mutating func next() -> Double {
        attempt += 1
        return Self.policy.delay(afterAttempt: attempt)
    }
}
