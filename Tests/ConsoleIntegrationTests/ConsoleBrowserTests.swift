import Catalog
import Database
import Experiments
import Foundation
import Logging
import Phantoms
import PostgresNIO
import TensorStore
import TestFixtures
import TestSupport
import XCTest

/// The console in a real browser over a database the real services filled: a phantom project through cold start,
/// training and the next round's selection (with pre-annotations), and a 20,000-scan project on the map. While
/// round 1's picks wait for labels, headless chromium loads every page, hovers a pick on the map, logs in, skips a
/// pick, uploads another's mask, retries a dead job and closes the round; screenshots land in .build/console-screenshots.
final class ConsoleBrowserTests: XCTestCase {
    static let token = "console-test-token-0123456789"
    static let bigPool = 20_000

    func testEveryPageInChromiumAndTheActionsTakeEffect() async throws {
        let python = try Python.interpreter(importing: "selenium")
        let url = try await TestDatabase.shared.freshDatabase()
        let folder = NSTemporaryDirectory() + "console-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let shots = SharedData.repository.appendingPathComponent(".build/console-screenshots").path
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        let store = try TensorStore(root: folder + "/store")
        let manifest = try PhantomWriter.write(try PhantomPool(poolCount: 18, testCount: 4, size: 48, seed: 5).generate(),
                                               to: folder + "/phantoms")
        let plan = Self.plan(manifest: manifest)
        let services = try ["embedding-service", "clustering-service", "trainer-service", "selector-service"].map {
            try ServiceProcess($0, database: url, store: store.root, environment: ["POLL_INTERVAL_MS": "100"])
        }
        defer { for service in services { service.signal(SIGTERM) } }
        let console = try ServiceProcess("scanselect", arguments: ["console", "--port", "0"], database: url, store: store.root,
                                         environment: ["CONSOLE_TOKEN": Self.token])
        defer { console.signal(SIGTERM) }
        let project = plan.arms[0].projectID
        let base = try await Self.address(of: console)

        let observed = Observed()
        _ = try await withClient(url) { client, logger in
            try await Self.fillBigProject(client: client, logger: logger)
            return try await Experiment(plan: plan, client: client, store: store, logger: logger,
                                        results: ResultsFile(path: folder + "/results.csv")).run { event in
                // Round 1 is picked and waits for its labels: the moment an annotator's lead opens the console.
                guard case let .selected(_, round, picks) = event, round == 1 else { return }
                do {
                    try await client.query("""
                        INSERT INTO jobs (kind, project_id, state, attempts, max_attempts, last_error)
                        VALUES ('pull', \(project), 'dead', 5, 5, 'simulated: the PACS refused the query')
                        """, logger: logger)
                    // The last pick's mask, under a file name a hospital might use: it must not reach the database.
                    let upload = try XCTUnwrap(picks.last?.scan)
                    let mask = folder + "/DOE^JOHN.png"
                    try FileManager.default.copyItem(atPath: upload.sourceRef.replacingOccurrences(of: "/images/", with: "/masks/"),
                                                     toPath: mask)
                    let output = try await Self.browse(python: python, base: base, project: project, shots: shots,
                                                       upload: (upload.id.uuidString.lowercased(), mask))
                    await observed.set(output: output, picks: picks.map { $0.scan.id.uuidString.lowercased() },
                                       state: try await Self.snapshot(client: client, logger: logger, project: project))
                } catch {
                    await observed.fail(error)
                }
            }
        }
        let result = try await observed.result(log: console.log)
        let seen = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.json.utf8)) as? [String: Any])

        XCTAssertEqual(Set(seen["projects"] as? [String] ?? []), [project, "big"])
        XCTAssertEqual(seen["rounds"] as? Int, 2, "round 0 closed and round 1 open on the timeline")
        XCTAssertEqual(seen["curve_svg"] as? Int, 1, "round 0's model on the learning curve")
        XCTAssertGreaterThan(seen["pool_rows"] as? Int ?? 0, 0)
        XCTAssertEqual(seen["dead_jobs_shown"] as? Int, 1)
        XCTAssertEqual(seen["map_points"] as? Int, result.state.pool, "one point per pool scan on the map")
        XCTAssertEqual(seen["batch_cards"] as? Int, result.picks.count, "one card per pick of round 1")
        XCTAssertEqual(Set(seen["batch_scans"] as? [String] ?? []), Set(result.picks))
        XCTAssertEqual(seen["batch_images"] as? Int, result.picks.count, "every card's thumbnail rendered")
        XCTAssertGreaterThan(seen["scan_picks"] as? Int ?? 0, 0)
        // Hovering a pick shows the reason the selector recorded for it.
        let hovered = try XCTUnwrap(seen["hover_scan"] as? String)
        let reason = try XCTUnwrap(result.state.reasons[hovered], "the hovered point is a pick")
        XCTAssertTrue((seen["hover_reason"] as? String ?? "").hasSuffix(reason), "\(seen["hover_reason"] ?? "") vs \(reason)")
        // Actions: refused without a session or with a forged CSRF token; a wrong token does not log in.
        XCTAssertEqual(seen["skip_without_session"] as? Int, 403)
        XCTAssertEqual(seen["skip_with_bad_csrf"] as? Int, 403)
        XCTAssertTrue((seen["bad_login_error"] as? String ?? "").contains("not this console's token"))
        let cookie = try XCTUnwrap(seen["cookie"] as? [String: Any])
        XCTAssertEqual(cookie["httpOnly"] as? Bool, true)
        XCTAssertEqual(cookie["sameSite"] as? String, "Strict")
        // The skip took effect in the database, by the logged-in user, and the page says so.
        let skipped = try XCTUnwrap(seen["skipped_scan"] as? String)
        XCTAssertEqual(seen["status_after_skip"] as? String, "skipped")
        XCTAssertEqual(result.state.skippedBy[skipped], "lead-annotator")
        XCTAssertEqual(result.state.skippedBy.count, 1)
        // The uploaded mask became the pick's label, named by its uploader, never by its file name.
        let uploaded = try XCTUnwrap(result.picks.last)
        XCTAssertEqual(seen["status_after_upload"] as? String, "labelled")
        XCTAssertEqual(result.state.labelSources[uploaded], "console upload by lead-annotator")
        XCTAssertTrue((seen["labels_after_upload"] as? [String] ?? []).contains { $0.contains("console upload by lead-annotator") })
        XCTAssertFalse(result.state.labelSources.values.contains { $0.contains("DOE") })
        XCTAssertFalse(console.log.contains("DOE"))
        XCTAssertEqual(seen["dead_jobs_after_retry"] as? Int, 0)
        XCTAssertEqual(result.state.deadPullJobs, 0, "the retried job is queued again")
        XCTAssertEqual(result.state.queuedPullJobs, 1)
        // Closing the round from the page enqueued its training, as `scanselect round close` does.
        XCTAssertNotEqual(seen["round_1_state"] as? String, "open")
        XCTAssertNotEqual(result.state.round1State, "open")
        XCTAssertEqual(result.state.round1TrainJobs, 1)
        XCTAssertEqual(seen["big_map_points"] as? Int, Self.bigPool)
        for name in ["projects", "overview", "map", "batch", "scan", "overview-after-actions", "map-20000"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(shots)/\(name).png"), name)
        }
        // Reported, not asserted: page loads of the 20,000-scan project (README, "Web console").
        print("console page loads, \(Self.bigPool) scans: map ready \(seen["big_map_ready_ms"] ?? "?") ms "
              + "(load event \(seen["big_map_load_ms"] ?? "?") ms), overview \(seen["big_overview_ms"] ?? "?") ms, "
              + "projects \(seen["big_projects_ms"] ?? "?") ms")
    }

    // MARK: Fixtures

    /// Budget 4, then one round of 3, a 2-level U-Net at 32 px: the pipeline, not the model.
    static func plan(manifest: String) -> ExperimentPlan {
        var plan = ExperimentPlan(name: "console", manifest: manifest, strategies: ["entropy+diversity"])
        plan.initialBudget = 4
        plan.batchSize = 3
        plan.rounds = 1
        plan.testCount = 4
        plan.template.workingSize = 48
        plan.template.labels = [0, 1, 2]
        plan.template.training.side = 32
        plan.template.training.baseChannels = 4
        plan.template.training.depth = 2
        plan.template.training.epochs = 3
        plan.template.training.patience = 3
        plan.template.activeLearning.preAnnotate = true
        return plan
    }

    /// A 20,000-scan project as SQL: embedded scans on a map with 8 clusters and 16 picks in round 0.
    static func fillBigProject(client: PostgresClient, logger: Logger) async throws {
        try await client.query("INSERT INTO projects (id) VALUES ('big')", logger: logger)
        try await client.query("""
            INSERT INTO scans (id, project_id, modality, dims, working_shape, original_shape, source_kind, source_ref, content_hash,
                               tensor_path, state)
            SELECT gen_random_uuid(), 'big', 'CR', 2, '{64,64}', '{64,64}', 'file', 'big/' || i, 'hash-' || i, 'missing/' || i, 'embedded'
            FROM generate_series(1, \(bigPool)) AS i
            """, logger: logger)
        try await client.query("""
            INSERT INTO cluster_runs (project_id, encoder, weights_checksum, space, k, silhouette_curve)
            VALUES ('big', 'descriptor', 'none', 'map', 8, '[]')
            """, logger: logger)
        try await client.query("""
            INSERT INTO map_points (cluster_run_id, scan_id, x, y, cluster)
            SELECT (SELECT max(id) FROM cluster_runs WHERE project_id = 'big'), id,
                   (n % 8) * 10 + 4 * cos(n), (n % 8 / 4) * 10 + 4 * sin(n * 1.7), n % 8
            FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM scans WHERE project_id = 'big') s
            """, logger: logger)
        try await client.query("""
            INSERT INTO rounds (project_id, number, state, strategy, cluster_run_id)
            VALUES ('big', 0, 'open', 'paper', (SELECT max(id) FROM cluster_runs WHERE project_id = 'big'))
            """, logger: logger)
        try await client.query("""
            INSERT INTO selections (project_id, round, rank, scan_id, strategy, score, components, reason, cluster, embedding, space)
            SELECT 'big', 0, row_number() OVER (ORDER BY id), id, 'paper', 1, '{}', 'medoid of its cluster', 0, 'descriptor@none', 'map'
            FROM scans WHERE project_id = 'big' ORDER BY id LIMIT 16
            """, logger: logger)
    }

    struct Snapshot: Sendable {
        var pool = 0
        var reasons: [String: String] = [:]
        var skippedBy: [String: String] = [:]
        var deadPullJobs = 0
        var queuedPullJobs = 0
        var round1State = ""
        var labelSources: [String: String] = [:]
        var round1TrainJobs = 0
    }

    /// What the database says after the browser session, for the assertions above.
    static func snapshot(client: PostgresClient, logger: Logger, project: String) async throws -> Snapshot {
        var snapshot = Snapshot()
        for try await count in try await client.query("""
            SELECT count(*)::int FROM embedding_map WHERE project = \(project)
            """, logger: logger).decode(Int.self) { snapshot.pool = count }
        for try await (scan, reason) in try await client.query("""
            SELECT scan_id, reason FROM selections WHERE project_id = \(project)
            """, logger: logger).decode((UUID, String).self) { snapshot.reasons[scan.uuidString.lowercased()] = reason }
        for try await (scan, user) in try await client.query("""
            SELECT scan_id, skipped_by FROM skipped_scans WHERE project_id = \(project)
            """, logger: logger).decode((UUID, String).self) { snapshot.skippedBy[scan.uuidString.lowercased()] = user }
        for try await (state, count) in try await client.query("""
            SELECT state, count(*)::int FROM jobs WHERE project_id = \(project) AND kind = 'pull' GROUP BY state
            """, logger: logger).decode((String, Int).self) {
            if state == "dead" { snapshot.deadPullJobs = count }
            if state == "queued" { snapshot.queuedPullJobs = count }
        }
        for try await (scan, source) in try await client.query("""
            SELECT l.scan_id, l.source_ref FROM labels l JOIN scans s ON s.id = l.scan_id
            WHERE s.project_id = \(project) AND l.is_current
            """, logger: logger).decode((UUID, String).self) { snapshot.labelSources[scan.uuidString.lowercased()] = source }
        for try await state in try await client.query("""
            SELECT state FROM rounds WHERE project_id = \(project) AND number = 1
            """, logger: logger).decode(String.self) { snapshot.round1State = state }
        for try await count in try await client.query("""
            SELECT count(*)::int FROM jobs WHERE project_id = \(project) AND kind = 'train' AND (payload ->> 'round')::int = 1
            """, logger: logger).decode(Int.self) { snapshot.round1TrainJobs = count }
        return snapshot
    }

    /// The console prints its address once it listens (port 0: any free port).
    static func address(of console: ServiceProcess) async throws -> String {
        for _ in 0..<600 {
            if let line = console.log.split(separator: "\n").first(where: { $0.hasPrefix("console: http://") }),
               let address = line.split(separator: " ").dropFirst().first {
                return String(address.dropLast())
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ConsoleTestFailure("the console never said where it listens:\n\(console.log)")
    }

    static func browse(python: String, base: String, project: String, shots: String,
                       upload: (scan: String, mask: String)) async throws -> String {
        let script = SharedData.repository.appendingPathComponent("Tests/ConsoleReference/console_browser.py").path
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try Python.run(python, [script, base, project, "big", token, shots, upload.scan, upload.mask])
                })
            }
        }
    }
}

/// What the browser saw and the database held, handed out of the experiment's event callback.
actor Observed {
    private var output: String?
    private var picks: [String] = []
    private var state = ConsoleBrowserTests.Snapshot()
    private var error: (any Error)?

    func set(output: String, picks: [String], state: ConsoleBrowserTests.Snapshot) {
        (self.output, self.picks, self.state) = (output, picks, state)
    }

    func fail(_ error: any Error) { self.error = error }

    /// The browser's JSON line, the round's picks and the database afterwards.
    func result(log: String) throws -> (json: String, picks: [String], state: ConsoleBrowserTests.Snapshot) {
        if let error { throw ConsoleTestFailure("\(error)\nconsole log:\n\(log)") }
        guard let output, let line = output.split(separator: "\n").last else {
            throw ConsoleTestFailure("the browser session never ran or printed nothing\nconsole log:\n\(log)")
        }
        return (String(line), picks, state)
    }
}

struct ConsoleTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
