import Database
import Foundation
import JobQueue

/// Polls the database until the services have produced what the experiment waits for. A dead job of the
/// project fails the wait at once (it will not recover by itself); waiting longer than `timeout` fails it too.
struct PipelineWait: Sendable {
    let queue: JobQueue
    let project: String
    let timeout: Double
    let heartbeat: Double
    let report: @Sendable (String) async -> Void

    @discardableResult
    func until<T: Sendable>(_ what: String, _ probe: () async throws -> T?) async throws -> T {
        let started = Date()
        var lastReport = started
        let value = try await poll(timeout: timeout, every: .milliseconds(250)) { () async throws -> T? in
            if let value = try await probe() { return value }
            if let dead = try await queue.firstDeadJob(project: project) {
                throw ExperimentError.jobDead(project: project, kind: dead.kind, jobID: dead.id, error: dead.lastError ?? "")
            }
            let now = Date()
            if now.timeIntervalSince(lastReport) >= heartbeat {
                lastReport = now
                await report("waiting for \(what) (\(Int(now.timeIntervalSince(started))) s): "
                             + (try await queue.activity(project: project)))
            }
            return nil
        }
        guard let value else { throw ExperimentError.stalled(project: project, waitingFor: what, seconds: timeout) }
        return value
    }
}
