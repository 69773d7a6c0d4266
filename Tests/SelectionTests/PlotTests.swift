import XCTest
@testable import Selection

final class PlotTests: XCTestCase {
    func testClusterMapDrawsEveryScanAndNumbersThePicks() throws {
        let map = try blobs(centres: [[0, 0], [10, 0]], counts: [30, 20], spread: 1, seed: 1)
        let labels = (0..<50).map { $0 < 30 ? 0 : 1 }
        let svg = try ClusterMapPlot(title: "A & B <map>").svg(map: map, labels: labels, selected: [3, 40])
        XCTAssertTrue(svg.hasPrefix("<svg"))
        XCTAssertEqual(svg.components(separatedBy: "<circle").count - 1, 50 + 2 + 2 + 1, "dots, picks, legend swatches, pick key")
        XCTAssertTrue(svg.contains("cluster 0: 30 scans, 1 picked"))
        XCTAssertTrue(svg.contains("cluster 1: 20 scans, 1 picked"))
        XCTAssertTrue(svg.contains("A &amp; B &lt;map&gt;"))
        XCTAssertTrue(svg.contains(">2</text>"), "second pick is numbered")
        XCTAssertThrowsError(try ClusterMapPlot(title: "x").svg(map: map, labels: labels, selected: [50]))
    }

    func testLearningCurvesHaveBandsLinesTicksAndLegend() throws {
        let curves = ["random", "entropy+diversity"].map { name in
            LearningCurve(strategy: name, points: [10, 20, 40].map {
                .init(labelled: $0, mean: 0.8 + Double($0) / 1000, standardDeviation: 0.01)
            })
        }
        let svg = try LearningCurvePlot(title: "Dice", metric: "Dice").svg(curves)
        XCTAssertEqual(svg.components(separatedBy: "<polygon").count - 1, 2)
        XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 2)
        XCTAssertTrue(svg.contains(">entropy+diversity</text>"))
        XCTAssertTrue(svg.contains(">Labelled scans</text>"))
        XCTAssertThrowsError(try LearningCurvePlot(title: "", metric: "Dice").svg([]))
    }

    func testAxisTicksAreNiceAndCoverTheRange() {
        let ticks = AxisTicks(0.813, 0.947)
        XCTAssertLessThanOrEqual(ticks.lower, 0.813)
        XCTAssertGreaterThanOrEqual(ticks.upper, 0.947)
        XCTAssertEqual(ticks.step, 0.05, accuracy: 1e-12)
        XCTAssertEqual(ticks.label(0.85), "0.85")
    }
}
