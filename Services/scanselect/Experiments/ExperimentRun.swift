import ArgumentParser
import Experiments
import Foundation
import PostgresNIO

/// What `experiment` and `demo` share: start the stack, run the plan with progress printed, then write the
/// results, the report and the learning curves.
struct ExperimentRun {
    let plan: ExperimentPlan
    let output: ExperimentOutput
    let startServices: Bool
    let timeout: Double

    static func plan(name: String, manifest: String, strategies: String, seeds: String,
                     _ adjust: (inout ExperimentPlan) throws -> Void) throws -> ExperimentPlan {
        let absolute = URL(fileURLWithPath: manifest).standardizedFileURL.path
        var plan = ExperimentPlan(name: name, manifest: absolute, strategies: list(strategies))
        plan.seeds = try list(seeds).map { text in
            guard let seed = UInt64(text) else { throw ValidationError("seed '\(text)' is not a non-negative integer") }
            return seed
        }
        try adjust(&plan)
        do { try plan.validate() } catch { throw ValidationError("\(error)") }
        return plan
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Returns every result of the plan.
    @discardableResult
    func run() async throws -> [ResultRow] {
        try output.claim(plan)
        let stack = try await LocalStack.start(services: startServices)
        let (plan, output, timeout) = (self.plan, self.output, self.timeout)
        print("experiment \(plan.name): \(plan.arms.count) arms × \(plan.trainedRounds) trained rounds; results in \(output.directory)")
        let rows: [ResultRow]
        do {
            rows = try await CLIDatabase.with(url: stack.databaseURL, migrate: false) { client, logger in
                var experiment = Experiment(plan: plan, client: client, store: stack.store, logger: logger,
                                            results: output.results)
                experiment.timeout = timeout
                return try await experiment.run { ExperimentPrinter.print($0) }
            }
        } catch let error as PSQLError {
            // The driver's own description hides the server's message, which is what the operator needs.
            throw ValidationError("database error: \(String(reflecting: error)); rerun to resume once it is fixed")
        }
        let written = try output.writeReport(rows, title: plan.name)
        print("\nwrote \(output.results.path), " + written.joined(separator: ", "))
        return rows
    }
}
