import Benchmarks
import XCTest

/// The scale benchmark is timed by `scanselect bench select`; here it only has to run its stages.
final class SelectionBenchmarkTests: XCTestCase {
    func testScaleBenchmarkRunsOnASmallPool() throws {
        let timings = try SelectionBenchmark.coldStartAtScale(scans: 600, dimensions: 64, reducedDimensions: 10, budget: 12)
        XCTAssertEqual(timings.map(\.stage), ["generate", "select", "result"])
    }
}
