import SegmentationMetrics
import XCTest

final class ValidationTests: XCTestCase {
    func testShapeMismatchNamesBothShapes() throws {
        let prediction = try LabelMap(shape: [4, 5], labels: Array(repeating: 0, count: 20))
        let truth = try LabelMap(shape: [5, 4], labels: Array(repeating: 0, count: 20))
        XCTAssertThrowsError(try MetricsWorkspace().evaluate(prediction: prediction, truth: truth,
                                                             spacing: .pixels(axes: 2), label: 1)) { error in
            XCTAssertEqual(error as? MetricsError, .shapeMismatch(prediction: [4, 5], truth: [5, 4]))
            XCTAssertTrue("\(error)".contains("[4, 5]") && "\(error)".contains("[5, 4]"), "\(error)")
        }
    }

    func testRejectsMalformedInputs() throws {
        XCTAssertThrowsError(try LabelMap(shape: [3, 3], labels: [0])) {
            XCTAssertEqual($0 as? MetricsError, .labelCountMismatch(shape: [3, 3], count: 1))
        }
        XCTAssertThrowsError(try LabelMap(shape: [9], labels: Array(repeating: 0, count: 9))) {
            XCTAssertEqual($0 as? MetricsError, .unsupportedShape([9]))
        }
        XCTAssertThrowsError(try LabelMap(shape: [2, 0], labels: [])) {
            XCTAssertEqual($0 as? MetricsError, .unsupportedShape([2, 0]))
        }
        XCTAssertThrowsError(try LabelMap(shape: [2, 2], foreground: [4])) {
            XCTAssertEqual($0 as? MetricsError, .foregroundIndexOutOfRange(index: 4, voxelCount: 4))
        }
        XCTAssertThrowsError(try Spacing.millimetres([1, 0])) {
            XCTAssertEqual($0 as? MetricsError, .invalidSpacing([1, 0]))
        }
        XCTAssertThrowsError(try Spacing.millimetres([1, .nan])) { XCTAssertNotNil($0 as? MetricsError) }

        let map = try LabelMap(shape: [2, 2], foreground: [0])
        XCTAssertThrowsError(try MetricsWorkspace().evaluate(prediction: map, truth: map,
                                                             spacing: .millimetres([1, 1, 1]), label: 1)) {
            XCTAssertEqual($0 as? MetricsError, .spacingAxesMismatch(shape: [2, 2], spacing: [1, 1, 1]))
        }
    }

    func testBatchReportsWhichCaseIsInvalid() throws {
        let good = try LabelMap(shape: [2, 2], foreground: [0])
        let other = try LabelMap(shape: [2, 3], foreground: [0])
        let cases = [MetricsCase(prediction: good, truth: good, spacing: .pixels(axes: 2)),
                     MetricsCase(prediction: good, truth: other, spacing: .pixels(axes: 2))]
        XCTAssertThrowsError(try BatchMetrics.evaluate(cases, labels: [1])) {
            XCTAssertEqual($0 as? MetricsError,
                           .caseFailed(index: 1, .shapeMismatch(prediction: [2, 2], truth: [2, 3])))
        }
    }

    func testSummaryRefusesToMixMillimetresAndPixels() throws {
        let map = try LabelMap(shape: [3, 3], foreground: [4])
        let workspace = MetricsWorkspace()
        let inPixels = try workspace.evaluate(prediction: map, truth: map, spacing: .pixels(axes: 2), label: 1)
        let inMillimetres = try workspace.evaluate(prediction: map, truth: map, spacing: .millimetres([1, 1]),
                                                   label: 1)
        XCTAssertThrowsError(try MetricsSummary([inPixels, inMillimetres])) {
            XCTAssertEqual($0 as? MetricsError, .mixedUnits)
        }
        XCTAssertEqual(try MetricsSummary([inPixels, inPixels]).unit, .pixel)
    }
}
