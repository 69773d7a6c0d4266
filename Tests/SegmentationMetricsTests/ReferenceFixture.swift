import Foundation
import SegmentationMetrics
import TestFixtures
import XCTest

/// One case of shared/fixtures/metrics_reference.json (made by make_reference_metrics.py with scipy).
struct ReferenceCase: Decodable {
    struct Expected: Decodable {
        let dice: Double
        let iou: Double
        let hd: Double?
        let hd95: Double?
        let assd: Double?
    }

    let name: String
    let shape: [Int]
    let spacing: [Double]
    let pred: [Int]
    let truth: [Int]
    let expected: Expected

    func labelMaps(label: UInt8 = 1) throws -> (prediction: LabelMap, truth: LabelMap) {
        (try LabelMap(shape: shape, foreground: pred, label: label),
         try LabelMap(shape: shape, foreground: truth, label: label))
    }
}

enum ReferenceFixture {
    static func cases() throws -> [ReferenceCase] {
        struct File: Decodable { let cases: [ReferenceCase] }
        let path = try SharedData.path("fixtures/metrics_reference.json")
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: URL(fileURLWithPath: path))).cases
    }
}

/// Asserts every metric of `actual` equals the reference within `tolerance`, and that undefined distances are
/// reported as missing exactly where the reference has null. Returns the absolute deviations by metric name.
@discardableResult
func assertMatches(_ actual: ClassMetrics, _ expected: ReferenceCase.Expected, tolerance: Double = 1e-6,
                   _ context: String, file: StaticString = #filePath, line: UInt = #line) -> [String: Double] {
    var deviations: [String: Double] = [:]
    let pairs: [(String, Double?, Double?)] = [
        ("dice", actual.dice, expected.dice), ("iou", actual.iou, expected.iou),
        ("hd", actual.hausdorff, expected.hd), ("hd95", actual.hausdorff95, expected.hd95),
        ("assd", actual.averageSurfaceDistance, expected.assd),
    ]
    for (name, value, reference) in pairs {
        switch (value, reference) {
        case let (value?, reference?):
            deviations[name] = abs(value - reference)
            XCTAssertEqual(value, reference, accuracy: tolerance, "\(context): \(name)", file: file, line: line)
        case (nil, nil):
            continue
        default:
            XCTFail("\(context): \(name) is \(String(describing: value)), reference \(String(describing: reference))",
                    file: file, line: line)
        }
    }
    return deviations
}
