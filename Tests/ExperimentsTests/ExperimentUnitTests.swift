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

    func testAnnotationEffortCountsPixelsAndContourToChange() {
        // A 3×3 square in a 6×6 grid: 8 contour pixels (the centre is inside).
        let square = (0..<36).map { index -> UInt8 in (1...3).contains(index % 6) && (1...3).contains(index / 6) ? 1 : 0 }
        let nothing = [UInt8](repeating: 0, count: 36)
        let blank = AnnotationEffort(prediction: nothing, truth: nothing, width: 6, height: 6, tolerance: 1)
        XCTAssertEqual([blank.pixels, blank.contour], [0, 0], "nothing to change")
        let perfect = AnnotationEffort(prediction: square, truth: square, width: 6, height: 6, tolerance: 0)
        XCTAssertEqual([perfect.pixels, perfect.contour], [0, 0])
        let empty = AnnotationEffort(prediction: nothing, truth: square, width: 6, height: 6, tolerance: 2)
        XCTAssertEqual([empty.pixels, empty.contour], [1, 1], "draw everything")
        let wrongLabel = AnnotationEffort(prediction: square.map { $0 * 2 }, truth: square, width: 6, height: 6, tolerance: 0)
        XCTAssertEqual(wrongLabel.pixels, 1, "the right region with the wrong label is all to change")
        // One column more: 12 predicted, 9 true, 9 agree → Dice 18/21. Outlines: 10 predicted, 8 true, 7 on both:
        // exactly (tolerance 0) 14 of 18 outline pixels match; within 1 pixel every one does.
        let wider = (0..<36).map { index -> UInt8 in (1...4).contains(index % 6) && (1...3).contains(index / 6) ? 1 : 0 }
        let grown = AnnotationEffort(prediction: wider, truth: square, width: 6, height: 6, tolerance: 0)
        XCTAssertEqual(grown.pixels, 1 - 18.0 / 21.0, accuracy: 1e-12)
        XCTAssertEqual(grown.contour, 1 - 14.0 / 18.0, accuracy: 1e-12)
        XCTAssertEqual(AnnotationEffort(prediction: wider, truth: square, width: 6, height: 6, tolerance: 1).contour, 0)
        XCTAssertNil(AnnotationEffort.mean([]))
        XCTAssertEqual(AnnotationEffort.mean([perfect, empty])?.pixels, 0.5)
    }

    func testResultsFileKeepsEffortsAndReadsFilesFromBeforeThem() throws {
        let path = NSTemporaryDirectory() + "results-\(UUID().uuidString)/results.csv"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        var row = Self.row("entropy", seed: 1, round: 2, dice: 0.9, hd95: 4)
        (row.effortPixels, row.effortContour) = (0.125, 0.5)
        let file = ResultsFile(path: path)
        try file.append(row)
        XCTAssertEqual(try file.read(), [row])
        let old = "strategy,seed,round,labelled,dice,iou,hd,hd95,assd,unit,undefined_distances,train_seconds,wall_seconds,project\n"
            + "random,0,1,12,0.800000,0.800000,,,,px,0,1.000,2.000,p\n"
        try old.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try file.read().map(\.effortPixels), [nil])
        XCTAssertTrue(ExperimentReport([row]).markdown(title: "t").contains("| 0.125 | 0.500 |"))
    }

    func testResultsFileKeepsPerLabelScoresAndTheReportTabulatesThem() throws {
        let path = NSTemporaryDirectory() + "results-\(UUID().uuidString)/results.csv"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        var rows = [Self.row("random", seed: 0, round: 1, dice: 0.7, hd95: 3), Self.row("random", seed: 1, round: 1, dice: 0.8, hd95: 2)]
        rows[0].byLabel = [.init(name: "1", dice: 0.6, hausdorff95: 4), .init(name: "2", dice: 0.8, hausdorff95: nil),
                           .init(name: "union", dice: 0.75, hausdorff95: 3)]
        rows[1].byLabel = [.init(name: "1", dice: 0.8, hausdorff95: 2), .init(name: "2", dice: 0.8, hausdorff95: 2),
                           .init(name: "union", dice: 0.85, hausdorff95: 1)]
        let file = ResultsFile(path: path)
        for row in rows { try file.append(row) }
        XCTAssertEqual(try file.read(), rows)
        let markdown = ExperimentReport(rows).markdown(title: "t")
        XCTAssertTrue(markdown.contains("| strategy | labelled | seeds | Dice 1 | Dice 2 | Dice union | HD95 1 | HD95 2 | HD95 union |"), markdown)
        XCTAssertTrue(markdown.contains("| random | 12 | 2 | 0.700 ± 0.141 | 0.800 ± 0.000 | 0.800 ± 0.071 | 3.000 ± 1.414 | 2.000 (1 n/a) | 2.000 ± 1.414 |"), markdown)
        XCTAssertFalse(ExperimentReport([Self.row("random", seed: 0, round: 1, dice: 0.7, hd95: 3)]).markdown(title: "t")
            .contains("Per label"), "one label: nothing more to show")
        // Labels listed differently in the two columns are refused with the line.
        try (ResultsFile.header + "\nrandom,0,1,12,0.8,0.8,,,,px,0,1,2,p,,,1=0.8,2=3\n").write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try file.read()) { XCTAssert("\($0)".contains("line 2"), "\($0)") }
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
