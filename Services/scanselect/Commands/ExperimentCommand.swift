import ArgumentParser
import Experiments
import Foundation

/// Compares selection strategies through the real services with a simulated annotator (the ground-truth
/// masks), one project per strategy and seed; resumable, since every state lives in the database and store.
struct ExperimentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Compare cold-start or active-learning strategies with a simulated annotator, through the services.")

    @Option(help: "Experiment name: project ids derive from it, so a rerun with the same name resumes.") var name: String
    @Option(help: "Manifest CSV with image and mask columns (and optionally split).") var data: String
    @Option(help: "active-learning (arms differ by AL strategy) or cold-start (one model per cold-start strategy).")
    var mode: ExperimentPlan.Mode = .activeLearning
    @Option(help: "Comma-separated strategies; include `random` for the paired comparison.")
    var strategies = "entropy+diversity,entropy,random"
    @Option(help: "Cold start of every active-learning arm.") var coldStart = "paper"
    @Option(help: "Comma-separated seeds.") var seeds = "0,1,2"
    @Option(help: "Fix the selection seed of every arm, so arms differ only by training seed (the noise floor).")
    var selectionSeed: UInt64?
    @Option(help: "Round-0 (cold-start) budget.") var budget = 8
    @Option(help: "Scans picked per active-learning round.") var batch = 4
    @Option(help: "Active-learning rounds after round 0.") var rounds = 3
    @Option(help: "Test scans drawn when the manifest marks none as test.") var testCount = 20
    @Option(help: "Seed of that draw.") var testSeed: UInt64 = 0
    @OptionGroup var model: ModelOptions
    @Option(help: "Output folder (default: experiments/<name>).") var out: String?
    @Option(help: "Seconds to wait for any one stage of the services before giving up.") var timeout = 3600.0
    @Flag(help: "Use services already running elsewhere (DATABASE_URL) instead of starting local ones.")
    var externalServices = false

    func run() async throws {
        let plan = try ExperimentRun.plan(name: name, manifest: data, strategies: strategies, seeds: seeds) { plan in
            plan.mode = mode
            plan.coldStart = coldStart
            plan.initialBudget = budget
            plan.batchSize = batch
            plan.rounds = rounds
            plan.testCount = testCount
            plan.testSeed = testSeed
            plan.selectionSeed = selectionSeed
            plan.template = try model.template(ModelOptions.quick(workingSize: try model.workingSize
                                                                      ?? QuickGrid.side(forManifest: data)))
        }
        let output = ExperimentOutput(directory: out ?? "experiments/\(plan.slug)")
        try await ExperimentRun(plan: plan, output: output, startServices: !externalServices, timeout: timeout).run()
    }
}

extension ExperimentPlan.Mode: ExpressibleByArgument {}
