import Catalog
@testable import Experiments
import Foundation
import Selection
import XCTest

/// Plan, results file and report logic without services.
final class ExperimentUnitTests: XCTestCase {
    func testArmsGetStableValidProjectIDsAndPerArmSettings() throws {
        var plan = ExperimentPlan(name: "Lung AL v2!", manifest: "m.csv", strategies: ["entropy+diversity", "random"])
        plan.seeds = [0, 7]
        XCTAssertEqual(plan.arms.map(\.projectID),
                       ["lung-al-v2-entropy-diversity-s0", "lung-al-v2-random-s0",
                        "lung-al-v2-entropy-diversity-s7", "lung-al-v2-random-s7"])
        let configuration = plan.configuration(for: plan.arms[3])
        XCTAssertEqual(configuration.activeLearning.strategy, .random)
        XCTAssertEqual(configuration.coldStart.strategy, .representative, "active-learning arms start from the default cold start")
        XCTAssertEqual([configuration.coldStart.seed, configuration.activeLearning.seed, configuration.training.seed], [7, 7, 7])
        XCTAssertFalse(configuration.coldStart.automatic)
        plan.selectionSeed = 3
        let floor = plan.configuration(for: plan.arms[3])
        XCTAssertEqual([floor.coldStart.seed, floor.activeLearning.seed, floor.training.seed], [3, 3, 7],
                       "a fixed selection seed leaves only the training seed to the arm")
        plan.selectionSeed = nil
        plan.mode = .coldStart
        plan.strategies = ["typiclust", "random"]
        XCTAssertEqual(plan.configuration(for: plan.arms[0]).coldStart.strategy, .typiclust)
        XCTAssertEqual(plan.trainedRounds, 1)
        plan.strategies = ["typiclust", "entropy"]
        XCTAssertThrowsError(try plan.validate(), "entropy is not a cold-start strategy")
        plan.strategies = ["typiclust", "random"]
        plan.seeds = [1, 1]
        XCTAssertThrowsError(try plan.validate())
    }

    func testResultsFileRoundTripsAndCountsARoundOnce() throws {
        let path = NSTemporaryDirectory() + "results-\(UUID().uuidString)/results.csv"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let file = ResultsFile(path: path)
        XCTAssertEqual(try file.read(), [])
        let rows = [Self.row("random", seed: 0, round: 0, dice: 0.8, hd95: nil),
                    Self.row("random", seed: 0, round: 1, dice: 0.9, hd95: 3.5)]
        for row in rows + [rows[1]] { try file.append(row) }
        XCTAssertEqual(try file.read(), rows)
    }

    func testReportPairsEachStrategyWithRandomSeedBySeed() throws {
        let rows = [Self.row("random", seed: 0, round: 1, dice: 0.80, hd95: 6),
                    Self.row("random", seed: 1, round: 1, dice: 0.84, hd95: 5),
                    Self.row("entropy", seed: 0, round: 1, dice: 0.85, hd95: 4),
                    Self.row("entropy", seed: 1, round: 1, dice: 0.83, hd95: 4)]
        let report = ExperimentReport(rows)
        let markdown = report.markdown(title: "t")
        XCTAssertTrue(markdown.contains("| entropy | 12 | 2 | 0.840 ± 0.014 |"), markdown)
        XCTAssertTrue(markdown.contains("| entropy | 12 | 2 | +0.020 ± 0.042 | 1/2 | -1.500 ± 0.707 | 2/2 |"), markdown)
        let curve = try XCTUnwrap(report.curves("Dice").first { $0.strategy == "random" })
        XCTAssertEqual(curve.points.map(\.labelled), [12])
        XCTAssertEqual(curve.points[0].mean, 0.82, accuracy: 1e-12)
    }

    func testProgressEstimatesFromThisRunsPace() {
        XCTAssertNil(ExperimentProgress(total: 10, done: 4, doneThisRun: 0, elapsed: 5).estimatedRemaining)
        XCTAssertEqual(ExperimentProgress(total: 10, done: 6, doneThisRun: 2, elapsed: 60).estimatedRemaining, 120)
        XCTAssertEqual(ExperimentProgress.duration(3725), "1h02m")
        XCTAssertEqual(ExperimentProgress.duration(95), "1m35s")
    }

    static func row(_ strategy: String, seed: UInt64, round: Int, dice: Double, hd95: Double?) -> ResultRow {
        ResultRow(strategy: strategy, seed: seed, round: round, labelled: 8 + 4 * round, metrics: [dice, dice, hd95, hd95, hd95],
                  unit: "px", undefinedDistances: hd95 == nil ? 1 : 0, trainSeconds: 1.5, wallSeconds: 2.25,
                  project: "p-\(strategy)-s\(seed)")
    }
}
