import Benchmarks
import TestFixtures
import XCTest

/// The decode benchmark is timed by `scanselect bench ingest`; here it only has to count every decode.
final class ImagingBenchmarkTests: XCTestCase {
    func testBenchmarkCountsEveryDecode() throws {
        let paths = try ["CT_small.dcm", "MR_small_RLE.dcm"].map { try Prerequisite.file(Prerequisite.pydicomTestFiles + "/" + $0) }
        let result = try ImagingBenchmark.decodeThroughput(paths: paths, repetitions: 3)
        XCTAssertEqual(result.images, 6)
        XCTAssertGreaterThan(result.imagesPerSecond, 0)
    }
}
