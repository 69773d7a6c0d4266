import Engine
import NumericSupport
import XCTest

final class ValidationSplitTests: XCTestCase {
    /// Ten volumes of six slices each: no volume may have slices on both sides, and the held-out share is
    /// counted in volumes (2 of 10), not slices.
    func testAVolumesSlicesNeverStraddleTheSplit() {
        let sources: [Int?] = (0..<60).map { $0 / 6 }
        for seed in UInt64(0)..<20 {
            let sides = ValidationSplit.split(sources: sources, fraction: 0.2, seed: seed)
            let trained = Set(sides.train.compactMap { sources[$0] })
            let validated = Set(sides.validation.compactMap { sources[$0] })
            XCTAssertTrue(trained.isDisjoint(with: validated), "seed \(seed): a volume on both sides")
            XCTAssertEqual(validated.count, 2, "seed \(seed)")
            XCTAssertEqual(Set(sides.train + sides.validation), Set(0..<60), "seed \(seed): every slice used once")
            XCTAssertEqual(sides.train.count + sides.validation.count, 60)
        }
    }

    /// Whole scans (no source) keep the plain seeded shuffle the trainer always used, so 2-D projects train
    /// exactly as before.
    func testWholeScansKeepThePlainShuffledSplit() {
        for seed in UInt64(0)..<10 {
            var generator = SeededRandom(seed: seed)
            var order = Array(0..<25)
            generator.shuffle(&order)
            let sides = ValidationSplit.split(sources: Array(repeating: nil, count: 25), fraction: 0.2, seed: seed)
            XCTAssertEqual(sides.validation, Array(order.prefix(5)))
            XCTAssertEqual(sides.train, Array(order.dropFirst(5)))
        }
    }

    func testOneVolumeIsValidatedOnItselfAndTwoSplitOneEach() {
        let one = ValidationSplit.split(sources: Array(repeating: 7, count: 12), fraction: 0.2, seed: 1)
        XCTAssertEqual(one.validation, [])
        XCTAssertEqual(one.train, Array(0..<12))
        let two = ValidationSplit.split(sources: (0..<12).map { $0 < 5 ? 3 : 9 }, fraction: 0.2, seed: 1)
        XCTAssertEqual(Set(two.validation.map { $0 < 5 }).count, 1, "the held-out side is one whole volume")
        XCTAssertFalse(two.train.isEmpty)
        XCTAssertFalse(two.validation.isEmpty)
    }
}
