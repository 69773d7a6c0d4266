@testable import Experiments
import XCTest

/// Labels saved: the labels a strategy needs to reach random's Dice, read off its learning curve.
final class LabelsSavedTests: XCTestCase {
    private func curve(_ points: [(Int, Double)]) -> [LabelsSaved.Point] {
        points.map { LabelsSaved.Point(labelled: $0.0, dice: $0.1) }
    }

    func testLabelsAreInterpolatedBetweenRoundsAtTheFirstCrossing() throws {
        let rising = curve([(48, 0.94), (16, 0.90), (32, 0.92)])
        XCTAssertEqual(try XCTUnwrap(LabelsSaved.labelsToReach(0.93, on: rising)), 40, accuracy: 1e-9)
        XCTAssertEqual(LabelsSaved.labelsToReach(0.89, on: rising), 16, "already there at the cold start")
        XCTAssertNil(LabelsSaved.labelsToReach(0.95, on: rising), "never reached")
        let dipping = curve([(16, 0.90), (32, 0.94), (48, 0.92)])
        XCTAssertEqual(try XCTUnwrap(LabelsSaved.labelsToReach(0.93, on: dipping)), 28, accuracy: 1e-9)
        XCTAssertNil(LabelsSaved.labelsToReach(0.5, on: []))
        XCTAssertEqual(LabelsSaved.fraction(needed: 96, budget: 128), 0.25)
    }

    func testTheReportPairsMeanDiceOverRoundsAndLabelsSavedSeedBySeed() {
        let curves: [String: [Double]] = ["random": [0.90, 0.92, 0.93, 0.94], "entropy": [0.90, 0.93, 0.94, 0.95]]
        var rows: [ResultRow] = []
        for (strategy, dice) in curves {
            for seed: UInt64 in [0, 1] {
                for (round, value) in dice.enumerated() {
                    rows.append(ResultRow(strategy: strategy, seed: seed, round: round, labelled: 16 * (round + 1),
                                          metrics: [value, value, 5, 5, 1], unit: "px", undefinedDistances: 0,
                                          trainSeconds: 1, wallSeconds: 1, project: "p-\(strategy)-s\(seed)"))
                }
            }
        }
        let markdown = ExperimentReport(rows).markdown(title: "AL")
        let line = try? XCTUnwrap(markdown.split(separator: "\n").first { $0.hasPrefix("| entropy | 2 | 0.940") })
        // Over rounds 1–3 entropy averages 0.940 and random 0.930. Random reaches 0.92 at 32 labels, which
        // entropy reaches at 16 + 16·(0.02/0.03) ≈ 26.7 (17 % saved), and 0.94 at 64, which entropy reaches at
        // 48 (25 % saved), in both seeds.
        XCTAssertEqual(line.map(String.init),
                       "| entropy | 2 | 0.940 ± 0.000 | +0.010 ± 0.000 | 2/2 | 26.7 ± 0.0 | 17 % ± 0 | 2/2 | 48.0 ± 0.0 | 25 % ± 0 | 2/2 |")
        XCTAssertTrue(markdown.contains("| random | 2 | 0.930 ± 0.000 | — | — | 32.0 ± 0.0 | 0 % ± 0 | 2/2 | 64.0 ± 0.0 | 0 % ± 0 | 2/2 |"),
                      markdown)
        XCTAssertNil(ExperimentReport(rows.filter { $0.round == 0 }).activeLearningMarkdown(), "a cold start has no rounds")
    }
}
