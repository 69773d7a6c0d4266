import SegmentationMetrics
import XCTest

final class ReferenceMetricsTests: XCTestCase {
    func testEveryReferenceCaseMatchesScipy() throws {
        let cases = try ReferenceFixture.cases()
        // The fixture must exercise the conventions this test is meant to pin down.
        XCTAssertTrue(cases.contains { $0.expected.hd == nil }, "fixture lost its one-empty case")
        XCTAssertTrue(cases.contains { $0.pred.isEmpty && $0.truth.isEmpty }, "fixture lost its both-empty case")
        XCTAssertTrue(cases.contains { $0.shape.count == 3 }, "fixture lost its 3-D case")

        let workspace = MetricsWorkspace()
        var worst: [String: Double] = [:]
        // Reversed as well as forward, so buffers sized for one case are reused by smaller and larger ones.
        for reference in cases + cases.reversed() {
            let maps = try reference.labelMaps()
            let result = try workspace.evaluate(prediction: maps.prediction, truth: maps.truth,
                                                spacing: .millimetres(reference.spacing), label: 1)
            XCTAssertEqual(result.unit, .millimetre)
            XCTAssertEqual(result.predictionVoxels, reference.pred.count, reference.name)
            XCTAssertEqual(result.truthVoxels, reference.truth.count, reference.name)
            let deviations = assertMatches(result, reference.expected, reference.name)
            worst.merge(deviations) { max($0, $1) }
        }
        print("max deviation from metrics_reference.json:",
              worst.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
    }

    func testUnknownSpacingGivesPixelDistancesFlaggedAsPixels() throws {
        let cases = try ReferenceFixture.cases().filter { $0.spacing.allSatisfy { $0 == 1 } }
        XCTAssertFalse(cases.isEmpty)
        for reference in cases {
            let maps = try reference.labelMaps()
            let result = try MetricsWorkspace().evaluate(prediction: maps.prediction, truth: maps.truth,
                                                         spacing: .pixels(axes: reference.shape.count), label: 1)
            XCTAssertEqual(result.unit, .pixel)
            assertMatches(result, reference.expected, reference.name)
        }
    }

    /// Two reference cases side by side, as labels 1 and 2 of one map, must each still match their reference:
    /// the other class counts as background and lies farther away than the class's own surfaces.
    func testMultiClassMapScoresEachClassLikeItsBinaryReference() throws {
        let planar = try ReferenceFixture.cases().filter { $0.shape.count == 2 }
        let pairs = planar.indices.flatMap { i in planar.indices.filter { $0 > i }.map { (planar[i], planar[$0]) } }
            .filter { $0.0.shape == $0.1.shape && $0.0.spacing == $0.1.spacing }
        XCTAssertGreaterThan(pairs.count, 3)
        for (left, right) in pairs {
            let (height, width) = (left.shape[0], left.shape[1])
            func combined(_ leftIndices: [Int], _ rightIndices: [Int]) throws -> LabelMap {
                var labels = [UInt8](repeating: 0, count: height * 2 * width)
                for index in leftIndices { labels[(index / width) * 2 * width + index % width] = 1 }
                for index in rightIndices { labels[(index / width) * 2 * width + width + index % width] = 2 }
                return try LabelMap(shape: [height, 2 * width], labels: labels)
            }
            let results = try MetricsWorkspace().evaluate(
                prediction: combined(left.pred, right.pred), truth: combined(left.truth, right.truth),
                spacing: .millimetres(left.spacing), labels: [1, 2])
            XCTAssertEqual(results.map(\.label), [1, 2])
            assertMatches(results[0], left.expected, "\(left.name) beside \(right.name)")
            assertMatches(results[1], right.expected, "\(right.name) beside \(left.name)")
        }
    }

    func testBatchMatchesReferenceAndSummaryCountsMissingDistances() throws {
        let cases = try ReferenceFixture.cases()
        let batchCases = try cases.map { reference in
            let maps = try reference.labelMaps()
            return MetricsCase(prediction: maps.prediction, truth: maps.truth,
                               spacing: try .millimetres(reference.spacing))
        }
        let results = try BatchMetrics.evaluate(batchCases, labels: [1], workers: 3)
        XCTAssertEqual(results.count, cases.count)
        for (result, reference) in zip(results, cases) {
            XCTAssertEqual(result.count, 1)
            assertMatches(result[0], reference.expected, "batch \(reference.name)")
        }

        let summaries = try MetricsSummary.perLabel(results)
        XCTAssertEqual(summaries.count, 1)
        let summary = summaries[0]
        XCTAssertEqual(summary.cases, cases.count)
        let referenceHD = cases.compactMap(\.expected.hd)
        XCTAssertEqual(summary.hausdorff.missing, cases.count - referenceHD.count)
        XCTAssertGreaterThan(summary.hausdorff.missing, 0)
        XCTAssertEqual(summary.hausdorff.defined, referenceHD.count)
        XCTAssertEqual(summary.dice.missing, 0)
        let meanHD = referenceHD.reduce(0, +) / Double(referenceHD.count)
        XCTAssertEqual(try XCTUnwrap(summary.hausdorff.mean), meanHD, accuracy: 1e-6)
        let variance = referenceHD.map { ($0 - meanHD) * ($0 - meanHD) }.reduce(0, +) / Double(referenceHD.count - 1)
        XCTAssertEqual(try XCTUnwrap(summary.hausdorff.standardDeviation), variance.squareRoot(), accuracy: 1e-6)
        let meanDice = cases.map(\.expected.dice).reduce(0, +) / Double(cases.count)
        XCTAssertEqual(try XCTUnwrap(summary.dice.mean), meanDice, accuracy: 1e-9)
    }
}
