@testable import Ingest
import XCTest

final class SeriesArrivalTests: XCTestCase {
    func testAnArrivalIsWeighedAgainstTheScanHeldOfItsSeries() {
        let held = ["1.2.1", "1.2.2", "1.2.3"]
        XCTAssertEqual(SeriesArrival.classify(arriving: ["1.2.4"], held: nil), .new)
        XCTAssertEqual(SeriesArrival.classify(arriving: held.reversed(), held: held), .duplicate)
        XCTAssertEqual(SeriesArrival.classify(arriving: ["1.2.2"], held: held), .duplicate)
        XCTAssertEqual(SeriesArrival.classify(arriving: held + ["1.2.4"], held: held), .extends(previous: 3))
        // A lone slice the rest of its series now follows.
        XCTAssertEqual(SeriesArrival.classify(arriving: held, held: ["1.2.2"]), .extends(previous: 1))
        // Slices the volume lacks, without the volume: reported, never a stray scan.
        XCTAssertEqual(SeriesArrival.classify(arriving: ["1.2.4"], held: held), .late(heldSlices: 3))
        XCTAssertEqual(SeriesArrival.classify(arriving: ["1.2.4", "1.2.5"], held: held), .late(heldSlices: 3))
        XCTAssertEqual(SeriesArrival.classify(arriving: ["1.2.3", "1.2.4"], held: held), .late(heldSlices: 3))
        XCTAssertEqual(SeriesArrival.classify(arriving: [], held: held), .new)
    }
}
