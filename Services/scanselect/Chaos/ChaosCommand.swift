import ArgumentParser
import Catalog
import Database
import Experiments
import Foundation

/// `scanselect chaos`: the whole pipeline under faults, checked against the same run without them.
struct ChaosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaos",
        abstract: "Run the pipeline on phantoms twice, once while services are SIGKILLed, PostgreSQL restarted and the store's disk filled; check nothing is lost, done twice or different.")

    @Option(help: "Phantom scans (half through the drop folder, half over STOW-RS).") var scans = 240
    @Option(help: "Active-learning rounds after the cold start.") var rounds = 3
    @Option(help: "Cold-start budget and active-learning batch size.") var budget = 8
    @Option(help: "Seconds between faults.") var every = 4.0
    @Option(help: "Seed of the phantoms, the selections, the training and the fault schedule.") var seed: UInt64 = 1
    @Option(help: "Size of the size-limited store (tmpfs, MiB).") var storeMegabytes = 512
    @Option(help: "Working folder (emptied first).") var work = CLIDatabase.devDirectory + "/chaos"
    @Option(help: "Seconds to wait for any one stage before giving up.") var timeout = 900.0
    @Option(help: "Training epochs per round.") var epochs = 6

    func run() async throws {
        let started = Date()
        let work = work.hasPrefix("/") ? work : FileManager.default.currentDirectoryPath + "/" + work
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let inputs = try ChaosInputs.make(count: scans, size: 64, seed: seed, staging: work + "/inputs")
        let postgres = LocalPostgres(directory: work + "/pg")
        defer { try? postgres.stop() }
        var outcomes: [ChaosAudit.Outcome] = []
        var faultLines: [String] = []
        var kills = 0
        for (index, name) in ["clean", "faults"].enumerated() {
            let runStarted = Date()
            let database = try postgres.start(database: "chaos_\(name)")
            let disk = try ChaosDisk.mount(work + "/\(name)/store", megabytes: storeMegabytes)
            defer { disk.unmount() }
            let run = ChaosRun(inputs: inputs, configuration: projectConfiguration(), trainedRounds: rounds + 1,
                               work: work + "/\(name)", postgres: postgres, database: database, disk: disk, timeout: timeout)
            let faults = index == 0 ? nil : ChaosRun.Faults(schedule: ChaosSchedule(seed: seed), tick: every)
            print("\(name) run: \(scans) scans, cold start of \(budget) and \(rounds) rounds of \(budget)"
                  + (faults == nil ? ", no faults" : ", a fault every \(every) s"))
            let (outcome, lines) = try await run.run(faults: faults) { print("  " + $0) }
            outcomes.append(outcome)
            if index == 1 {
                faultLines = lines
                kills = lines.filter { $0.hasPrefix("SIGKILL") }.count
            }
            print("\(name) run done in \(Int(Date().timeIntervalSince(runStarted))) s")
        }
        let audit = ChaosAudit.audit(sent: inputs.sent, rounds: rounds + 1, run: outcomes[1], clean: outcomes[0])
        print(Self.report(audit, faults: faultLines, kills: kills, retried: outcomes[1].retriedJobs,
                          seconds: Date().timeIntervalSince(started)))
        if !audit.passed { throw ExitCode.failure }
    }

    func projectConfiguration() -> ProjectConfiguration {
        var configuration = ModelOptions.quick(workingSize: 64)
        configuration.training.side = 64
        configuration.training.epochs = epochs
        configuration.training.patience = epochs
        configuration.training.minimumSamplesPerEpoch = 16
        configuration.training.seed = seed
        configuration.coldStart.automatic = false
        configuration.coldStart.budget = budget
        configuration.coldStart.seed = seed
        configuration.activeLearning.batchSize = budget
        configuration.activeLearning.seed = seed
        configuration.activeLearning.maxRounds = rounds
        return configuration
    }

    static func report(_ audit: ChaosAudit, faults: [String], kills: Int, retried: Int, seconds: Double) -> String {
        let database = faults.filter { $0.hasPrefix("restart PostgreSQL") }.count
        let disk = faults.filter { $0.contains("fill the store's disk") }.count
        var lines = ["faults injected: \(kills) services SIGKILLed and restarted, \(database) PostgreSQL restarts, "
                     + "\(disk) full disk" + (faults.contains { $0.hasPrefix("disk fill skipped") } ? " (skipped: not root)" : ""),
                     "jobs met mid-flight and run again: \(retried)",
                     "wall time: \(Int(seconds)) s (both runs)",
                     "jobs lost: \(audit.jobsLost)",
                     "results recorded twice: \(audit.resultsRecordedTwice)",
                     "scans ingested twice: \(audit.scansIngestedTwice)",
                     "scans lost: \(audit.scansLost)",
                     "rounds stuck: \(audit.roundsStuck)",
                     "selections differing from the run without faults: \(audit.selectionsDiffering)"]
        lines.append(audit.passed ? "PASSED" : "FAILED")
        return lines.joined(separator: "\n")
    }
}
