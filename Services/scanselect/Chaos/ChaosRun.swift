import Catalog
import Database
import Experiments
import Foundation
import Ingest
import JobQueue
import Logging
import PostgresNIO
import TensorStore

/// One pass of the soak's pipeline on its own database: services started, inputs delivered through both doors,
/// cold start once the pool is embedded, and the simulated annotator labelling each round's picks until the last
/// round's model — while `faults` (if any) are injected every `tick` seconds. What the database holds at the end
/// is read back as an `Outcome`.
struct ChaosRun: Sendable {
    static let project = "chaos"
    let inputs: ChaosInputs
    let configuration: ProjectConfiguration
    let trainedRounds: Int
    let work: String
    let postgres: LocalPostgres
    let database: DatabaseURL
    let disk: ChaosDisk
    let timeout: Double

    struct Faults: Sendable {
        let schedule: ChaosSchedule
        let tick: Double
    }

    func run(faults: Faults?, say: @escaping @Sendable (String) -> Void) async throws -> (ChaosAudit.Outcome, [String]) {
        let inbox = work + "/inbox"
        let stowPort = try LocalPostgres.freePort()
        let token = "chaos-\(UUID().uuidString)"
        let services = try ChaosServices(environment: serviceEnvironment(inbox: inbox, token: token), logs: work + "/logs")
        try await CLIDatabase.with(url: database) { client, logger in
            try await Self.retrying { try await client.withCatalog(logger: logger) {
                try await $0.createProject(Self.project, configuration: configuration)
            } }
        }
        try services.startAll(stowPort: stowPort)
        defer { services.stopAll() }
        let log = FaultLog()
        return try await CLIDatabase.with(url: database) { client, logger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let faults {
                    group.addTask { try await inject(faults, services: services, log: log, say: say) }
                }
                group.addTask {
                    guard let stow = URL(string: "http://127.0.0.1:\(stowPort)/projects/\(Self.project)/studies") else { return }
                    try await waitForHTTP(port: stowPort)
                    try await inputs.deliver(inbox: inbox, project: Self.project, stow: stow, token: token, seconds: 10)
                    say("delivered \(inputs.dropped.count) files to the drop folder and \(inputs.stowed.count) instances over STOW-RS")
                }
                try await annotate(client: client, logger: logger, say: say)
                // A short run still meets both database restarts and the full disk before it is judged.
                if let faults {
                    try await Self.until("the scheduled faults", timeout: timeout) {
                        await log.ticks >= faults.schedule.lastSpecialTick ? true : nil
                    }
                }
                group.cancelAll()
                // A fault task cancelled mid-fault leaves the database down or the disk full: undo both.
                try? await group.waitForAll()
            }
            if !postgres.isRunning() { _ = try? postgres.start() }
            let outcome = try await Self.retrying { try await collect(client: client, logger: logger) }
            return (outcome, await log.lines)
        }
    }

    private func serviceEnvironment(inbox: String, token: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = database.string
        environment["SCANSELECT_STORE"] = disk.path
        environment["SCANSELECT_INBOX"] = inbox
        environment["STOW_TOKEN"] = token
        environment["HTTP_HOST"] = "127.0.0.1"
        environment["INBOX_SCAN_MS"] = "200"
        environment["SERIES_QUIET_MS"] = "500"
        // Short leases and polls: a killed worker's job is handed on within seconds, not the default half minute.
        environment["JOB_LEASE_SECONDS"] = "6"
        environment["POLL_INTERVAL_MS"] = "200"
        environment["RETRY_BASE_MS"] = "500"
        environment["RETRY_MAX_MS"] = "5000"
        environment["INBOX_CLAIM_STALE_MS"] = "3000"
        environment["WORKER_CONCURRENCY"] = "1"
        environment["LOG_LEVEL"] = "info"
        environment["OPENBLAS_CORETYPE"] = environment["OPENBLAS_CORETYPE"] ?? "Haswell"
        return environment
    }

    private func waitForHTTP(port: Int) async throws {
        guard let url = URL(string: "http://127.0.0.1:\(port)/healthz") else { return }
        try await Self.until("the ingest-service's HTTP port", timeout: 60) {
            (try? await HTTPExchange.send(url, timeout: 2))?.status == 200 ? true : nil
        }
    }

    /// Cold start once every input is an embedded scan, then each round: label the picks, wait for the model.
    private func annotate(client: PostgresClient, logger: Logger, say: @escaping @Sendable (String) -> Void) async throws {
        let project = Self.project
        let count = inputs.sent.count
        try await Self.until("\(count) embedded scans", timeout: timeout) {
            let embedded = try await Self.retrying { try await client.withCatalog(logger: logger) { catalog in
                try await catalog.scans(project: project).filter { $0.state == .embedded }.count
            } }
            return embedded >= count ? true : nil
        }
        say("\(count) scans embedded; cold start")
        _ = try await Self.retrying {
            try await JobQueue(client: client, logger: logger)
                .enqueue(try NewJob(ClusterPayload(), projectID: project, idempotencyKey: "chaos-cluster:\(project)"))
        }
        let store = try TensorStore(root: disk.path)
        let labels = LabelImporter(client: client, store: store, logger: logger)
        for round in 0..<trainedRounds {
            let picks = try await Self.until("round \(round)'s selection", timeout: timeout) {
                let picks = try await Self.retrying { try await client.withCatalog(logger: logger) {
                    try await $0.selections(project: project, round: round)
                } }
                return picks.isEmpty ? nil : picks
            }
            for pick in picks where pick.awaitingLabel {
                let scan = pick.scan
                guard let id = inputs.inputName(sourceRef: scan.sourceRef,
                                                instanceUIDs: scan.instanceUIDs) else { continue }
                // Imported again only if the first try did not land (a label's version would show it twice).
                _ = try await Self.retrying {
                    let labelled = try await client.withCatalog(logger: logger) { try await $0.currentLabels(project: project) }
                    if labelled.contains(where: { $0.scanID == scan.id }) { return }
                    _ = try await labels.importLabel(file: inputs.mask(id), name: "\(id).png", project: project,
                                                     scan: scan.id.uuidString)
                }
            }
            say("round \(round): \(picks.count) picks labelled")
            _ = try await Self.until("round \(round)'s model", timeout: timeout) {
                try await Self.retrying { try await client.withCatalog(logger: logger) {
                    try await $0.trainedRound(project: project, round: round)
                } }
            }
            say("round \(round): model trained")
        }
    }

    private func inject(_ faults: Faults, services: ChaosServices, log: FaultLog,
                        say: @escaping @Sendable (String) -> Void) async throws {
        for tick in 1... {
            try await Task.sleep(for: .seconds(faults.tick))
            let fault = faults.schedule.fault(at: tick)
            let started = Date()
            let line: String
            switch fault {
            case let .kill(service):
                try services.crash(service)
                line = "\(fault) (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)"
            case .restartDatabase:
                try postgres.restart()
                line = "\(fault) (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)"
            case .fillDisk:
                if let bytes = await disk.fill(for: 5) {
                    line = "\(fault): \(bytes >> 20) MiB written until ENOSPC, held 5 s, then freed"
                } else {
                    line = "disk fill skipped: the store is not on a size-limited filesystem (mounting one needs root)"
                }
            }
            await log.add(line)
            await log.tick(tick)
            say("fault: \(line)")
        }
    }

    private func collect(client: PostgresClient, logger: Logger) async throws -> ChaosAudit.Outcome {
        try await client.withCatalog(logger: logger) { catalog in
            let project = Self.project
            var outcome = ChaosAudit.Outcome()
            let scans = try await catalog.scans(project: project)
            var names: [UUID: String] = [:]
            for scan in scans {
                let name = inputs.inputName(sourceRef: scan.sourceRef,
                                            instanceUIDs: scan.instanceUIDs) ?? "unknown:\(scan.id)"
                names[scan.id] = name
                outcome.scansPerInput[name, default: 0] += 1
                if scan.state != .embedded { outcome.unembeddedScans += 1 }
            }
            for try await (dead, retried) in try await client.query("""
                SELECT count(*) FILTER (WHERE state = 'dead')::int, count(*) FILTER (WHERE attempts > 1)::int FROM jobs
                """, logger: logger).decode((Int, Int).self) {
                (outcome.deadJobs, outcome.retriedJobs) = (dead, retried)
            }
            for try await (round, count) in try await client.query("""
                SELECT round, count(*)::int FROM models WHERE project_id = \(project) GROUP BY round
                """, logger: logger).decode((Int, Int).self) {
                outcome.modelsPerRound[round] = count
            }
            for try await count in try await client.query("""
                SELECT count(*)::int FROM cluster_runs WHERE project_id = \(project)
                """, logger: logger).decode(Int.self) {
                outcome.clusterRuns = count
            }
            for try await (scan, count) in try await client.query("""
                SELECT l.scan_id, count(*)::int FROM labels l JOIN scans s ON s.id = l.scan_id
                WHERE s.project_id = \(project) GROUP BY l.scan_id
                """, logger: logger).decode((UUID, Int).self) {
                outcome.labelVersions[names[scan] ?? "unknown:\(scan)"] = count
            }
            for pick in try await catalog.selections(project: project) {
                outcome.picks[pick.round, default: []].append(names[pick.scan.id] ?? "unknown:\(pick.scan.id)")
            }
            return outcome
        }
    }

    /// Retries `body` while the database is away (a restart takes a second or two), for up to two minutes in all;
    /// each attempt has a deadline, as a query sent while the server shuts down can wait for an answer that never
    /// comes.
    static func retrying<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let giveUp = Date().addingTimeInterval(120)
        while true {
            do {
                return try await withDeadline(seconds: 20, operation: "a soak query", body)
            } catch {
                guard Date() < giveUp, !(error is CancellationError) else { throw error }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    static func until<T: Sendable>(_ what: String, timeout: Double, _ check: () async throws -> T?) async throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let value = try await check() { return value }
            try await Task.sleep(for: .milliseconds(300))
        }
        throw ChaosError.timedOut(waitingFor: what, seconds: timeout)
    }
}

actor FaultLog {
    private(set) var lines: [String] = []
    /// The last tick whose fault is over.
    private(set) var ticks = 0
    func add(_ line: String) { lines.append(line) }
    func tick(_ tick: Int) { ticks = max(ticks, tick) }
}
