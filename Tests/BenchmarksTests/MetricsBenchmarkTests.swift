import Benchmarks
import XCTest

/// The benchmark is timed by `scanselect bench metrics`; here it only has to run and produce sane masks.
final class MetricsBenchmarkTests: XCTestCase {
    func testBenchmarkRunsOnSmallRealisticMasks() throws {
        let result = try MetricsBenchmark.run(pairs: 6, size: 96, workers: 2)
        XCTAssertEqual(result.pairs, 6)
        XCTAssertGreaterThan(result.pairsPerSecond, 0)
        // Lung-like shapes predicted with small errors: high but imperfect overlap.
        XCTAssertGreaterThan(result.meanDice, 0.7)
        XCTAssertLessThan(result.meanDice, 1)
    }
}
