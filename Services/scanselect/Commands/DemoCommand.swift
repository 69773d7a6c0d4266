import ArgumentParser
import Experiments
import Foundation
import Phantoms

/// The whole product on one machine from nothing: the embedded stack, a phantom pool (or `--data`), a cold
/// start and active-learning rounds with a simulated annotator, printed round by round, with the map and
/// the learning curve written as SVG, then the web console left running on them. Rerunning resumes.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run cold start + active learning end to end on phantoms (or --data) through the local services.")

    @Option(help: "Manifest CSV of real data (image, mask columns); default: generated phantoms.") var data: String?
    @Option(help: "Phantom pool size.") var pool = 60
    @Option(help: "Phantom test-set size (and the test draw for --data without a split column).") var test = 20
    @Option(help: "Phantom side in pixels; also the working grid (default 128; with --data, chosen from the first scan).")
    var size: Int?
    @Option(help: "Round-0 budget.") var budget = 8
    @Option(help: "Scans per active-learning round.") var batch = 4
    @Option(help: "Active-learning rounds after round 0.") var rounds = 3
    @Option(help: "Active-learning strategy.") var strategy = "entropy+diversity"
    @Option(help: "Seed of phantoms, selection and training.") var seed: UInt64 = 0
    @OptionGroup var model: ModelOptions
    @Option(help: "Demo name: its project ids derive from it; use a new one to start over with other settings.")
    var name: String?
    @Option(help: "Output folder.") var out = CLIDatabase.devDirectory + "/demo"
    @Option(help: "Port of the web console the demo leaves running (0: any free port).") var consolePort = 8090
    @Flag(help: "Exit when the demo is done instead of serving the web console.") var noConsole = false

    func run() async throws {
        let started = Date()
        let manifest = try data ?? phantoms()
        let name = self.name
            ?? data.map { "demo-" + (($0 as NSString).deletingLastPathComponent as NSString).lastPathComponent } ?? "demo"
        let workingSize = try size ?? data.map(QuickGrid.side(forManifest:)) ?? QuickGrid.planeSide
        let plan = try ExperimentRun.plan(name: name, manifest: manifest, strategies: strategy, seeds: "\(seed)") { plan in
            plan.initialBudget = budget
            plan.batchSize = batch
            plan.rounds = rounds
            plan.testCount = test
            plan.template = try model.template(ModelOptions.quick(workingSize: workingSize))
        }
        let output = ExperimentOutput(directory: out + "/" + name)
        try await ExperimentRun(plan: plan, output: output, startServices: true, timeout: 3600).run()
        guard let project = plan.arms.first?.projectID else { return }
        let map = try MapCommand.parse([project, "--out", output.directory + "/map.svg"])
        try await map.run()
        print(String(format: "demo finished in %.0f s; inspect with `scanselect status`, `scanselect selection %@`",
                     Date().timeIntervalSince(started), project))
        guard !noConsole else { return }
        print("project '\(project)' in the web console:")
        try await ConsoleCommand.serve(host: "127.0.0.1", port: consolePort)
    }

    /// Writes the phantom pool once (it is seeded, so an existing one is the same) and returns its manifest.
    private func phantoms() throws -> String {
        let size = self.size ?? QuickGrid.planeSide
        let directory = out + "/phantoms-\(pool)-\(test)-\(size)-s\(seed)"
        let manifest = directory + "/" + PhantomWriter.manifestName
        guard !FileManager.default.fileExists(atPath: manifest) else { return manifest }
        let phantoms = try PhantomPool(poolCount: pool, testCount: test, size: size, seed: seed).generate()
        print("generated \(phantoms.count) phantoms in \(directory)")
        return try PhantomWriter.write(phantoms, to: directory)
    }
}
