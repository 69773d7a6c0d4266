import Foundation
import Logging
import PostgresNIO
import TensorStore

/// Runs every arm of a plan in turn against the running services, appending each evaluated round to the
/// results file. Rerunning the same plan skips what the file and the database already hold.
public struct Experiment: Sendable {
    public let plan: ExperimentPlan
    public let client: PostgresClient
    public let store: TensorStore
    public let logger: Logger
    public let results: ResultsFile
    /// Longest wait for any one stage of the services (embedding, a round's training …).
    public var timeout: Double = 3600
    /// How often a long wait reports what the services are doing.
    public var heartbeat: Double = 30

    public init(plan: ExperimentPlan, client: PostgresClient, store: TensorStore, logger: Logger, results: ResultsFile) {
        self.plan = plan
        self.client = client
        self.store = store
        self.logger = logger
        self.results = results
    }

    /// Every result of the plan's arms: earlier runs' and this run's.
    @discardableResult
    public func run(events: @escaping @Sendable (ExperimentEvent) async -> Void) async throws -> [ResultRow] {
        try plan.validate()
        let dataset = try ExperimentDataset(manifest: plan.manifest, testCount: plan.testCount, testSeed: plan.testSeed)
        let arms = plan.arms
        let projects = Set(arms.map(\.projectID))
        let earlier = try results.read().filter { projects.contains($0.project) }
        let runner = ArmRunner(plan: plan, dataset: dataset, client: client, store: store, logger: logger,
                               timeout: timeout, heartbeat: heartbeat, events: events)
        let tally = Tally(total: arms.count * plan.trainedRounds, done: earlier.count)
        let results = self.results
        for (index, arm) in arms.enumerated() {
            let finished = earlier.filter { $0.project == arm.projectID }
            await events(.armStarted(arm, index: index + 1, of: arms.count))
            for row in finished.sorted(by: { $0.round < $1.round }) { await events(.alreadyDone(arm, row)) }
            guard finished.count < plan.trainedRounds else { continue }
            try await runner.run(arm, done: Set(finished.map(\.round))) { row in
                try results.append(row)
                await events(.evaluated(arm, row, await tally.record()))
            }
        }
        return try results.read().filter { projects.contains($0.project) }
    }
}

/// Counts rounds evaluated in this run for the progress estimate.
private actor Tally {
    let total: Int
    var done: Int
    var doneThisRun = 0
    let started = Date()

    init(total: Int, done: Int) {
        self.total = total
        self.done = done
    }

    func record() -> ExperimentProgress {
        done += 1
        doneThisRun += 1
        return ExperimentProgress(total: total, done: done, doneThisRun: doneThisRun, elapsed: Date().timeIntervalSince(started))
    }
}
