import Catalog
import Database
import Experiments
import Foundation
import Phantoms
import PostgresNIO
import TensorStore
import TestSupport
import XCTest

/// A tiny experiment through the real service binaries: two arms (entropy+diversity and random), one seed,
/// a cold start and one active-learning round each, then a rerun that must find everything done.
final class ExperimentEndToEndTests: XCTestCase {
    func testTwoArmsRunThroughTheServicesAndAResumedRunRedoesNothing() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let folder = NSTemporaryDirectory() + "experiment-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try TensorStore(root: folder + "/store")
        let manifest = try PhantomWriter.write(try PhantomPool(poolCount: 14, testCount: 4, size: 48, seed: 3).generate(),
                                               to: folder + "/phantoms")
        let plan = Self.plan(manifest: manifest)
        let services = try ["embedding-service", "clustering-service", "trainer-service", "selector-service"].map {
            try ServiceProcess($0, database: url, store: store.root, environment: ["POLL_INTERVAL_MS": "100"])
        }
        defer { for service in services { service.signal(SIGTERM) } }
        let results = ResultsFile(path: folder + "/results.csv")
        let events = EventLog()

        let rows = try await withClient(url) { client, logger in
            try await Experiment(plan: plan, client: client, store: store, logger: logger, results: results)
                .run { await events.add($0) }
        }
        XCTAssertEqual(rows.count, 4, services.map(\.log).joined(separator: "\n"))
        for strategy in plan.strategies {
            XCTAssertEqual(rows.filter { $0.strategy == strategy }.map(\.labelled), [4, 6])
        }
        for row in rows {
            XCTAssertTrue((0...1).contains(row.dice ?? -1), "\(row)")
            XCTAssertEqual(row.unit, "px")
        }
        // Round 1's picks came with round 0's model's pre-annotations: the effort to correct them is measured.
        XCTAssert(rows.filter { $0.round == 0 }.allSatisfy { $0.effortPixels == nil }, "no model, no pre-annotation")
        for row in rows where row.round == 1 {
            XCTAssert((0...1).contains(row.effortPixels ?? -1), "\(row)")
            XCTAssertGreaterThanOrEqual(row.effortContour ?? -1, 0, "\(row)")
        }
        // Both arms start from the same cold start (same seed), so round 0 is paired exactly.
        XCTAssertEqual(Set(rows.filter { $0.round == 0 }.map(\.dice)).count, 1)
        let selected = await events.selectedRounds
        XCTAssertEqual(selected, [0, 1, 0, 1])

        let linesBefore = try String(contentsOfFile: results.path, encoding: .utf8)
        let again = EventLog()
        let resumed = try await withClient(url) { client, logger in
            try await Experiment(plan: plan, client: client, store: store, logger: logger, results: results)
                .run { await again.add($0) }
        }
        XCTAssertEqual(resumed, rows)
        let evaluatedAgain = await again.evaluated
        XCTAssertEqual(evaluatedAgain, 0)
        XCTAssertEqual(try String(contentsOfFile: results.path, encoding: .utf8), linesBefore)

        let report = ExperimentReport(rows).markdown(title: "e2e")
        XCTAssertTrue(report.contains("## Paired comparison with random"), report)
        // HD95 may be undefined everywhere for so small a model; Dice always has a curve.
        XCTAssertEqual(try ExperimentReport(rows).curveSVGs(title: "e2e").first?.name, "dice")
    }

    /// Budget 4, batch 2, one AL round, a 2-level U-Net at 32 px for 4 epochs: the pipeline, not the model.
    static func plan(manifest: String) -> ExperimentPlan {
        var plan = ExperimentPlan(name: "e2e", manifest: manifest, strategies: ["entropy+diversity", ExperimentPlan.baseline])
        plan.initialBudget = 4
        plan.batchSize = 2
        plan.rounds = 1
        plan.template.workingSize = 48
        plan.template.labels = [0, 1, 2]
        plan.template.training.side = 32
        plan.template.training.baseChannels = 4
        plan.template.training.depth = 2
        plan.template.training.epochs = 4
        plan.template.training.batchSize = 2
        return plan
    }
}

private actor EventLog {
    var selectedRounds: [Int] = []
    var evaluated = 0

    func add(_ event: ExperimentEvent) {
        switch event {
        case let .selected(_, round, _): selectedRounds.append(round)
        case .evaluated: evaluated += 1
        default: break
        }
    }
}
