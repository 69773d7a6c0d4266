import Ingest
import XCTest

final class SourceNamingTests: XCTestCase {
    func testByDefaultOnlyTheFileNameIsKept() {
        XCTAssertEqual(SourceNaming.name.reference(for: "/data/SMITH_JOHN_1234/chest.png", root: "/data"), "chest.png")
        XCTAssertEqual(SourceNaming.name.reference(for: "ct/DOE/scan.nii.gz", root: "ct"), "scan.nii.gz")
        XCTAssertEqual(SourceNaming(parsing: ""), .name)
    }

    func testRelativeKeepsThePathBelowTheRootAndNothingAboveIt() {
        let relative = SourceNaming.relative
        XCTAssertEqual(relative.reference(for: "/data/ward-3/chest.png", root: "/data"), "ward-3/chest.png")
        XCTAssertEqual(relative.reference(for: "/data/ward-3/chest.png", root: "/data/"), "ward-3/chest.png")
        XCTAssertEqual(relative.reference(for: "ct/ward-3/chest.png", root: "ct"), "ward-3/chest.png")
        XCTAssertEqual(relative.reference(for: "images/chest.png", root: ""), "images/chest.png")
        // Outside the root, or climbing out of it: the name alone, never an absolute path.
        XCTAssertEqual(relative.reference(for: "/elsewhere/DOE/chest.png", root: "/data"), "chest.png")
        XCTAssertEqual(relative.reference(for: "/data-2/chest.png", root: "/data"), "chest.png")
        XCTAssertEqual(relative.reference(for: "/data/../DOE/chest.png", root: "/data"), "chest.png")
        XCTAssertEqual(relative.reference(for: "/abs/chest.png", root: ""), "chest.png")
        XCTAssertEqual(SourceNaming(parsing: "Relative"), .relative)
        XCTAssertNil(SourceNaming(parsing: "full"))
    }
}
