import Foundation
@testable import Ingest
import XCTest

final class InboxRetentionTests: XCTestCase {
    func testPoliciesParseAndRefuseTheRest() {
        XCTAssertEqual(InboxRetention(parsing: ""), .delete, "deleting is the default")
        XCTAssertEqual(InboxRetention(parsing: "delete"), .delete)
        XCTAssertEqual(InboxRetention(parsing: "KEEP"), .keep)
        XCTAssertEqual(InboxRetention(parsing: "days:30"), .days(30))
        for bad in ["days:0", "days:-1", "days:", "days:x", "forever", "30"] { XCTAssertNil(InboxRetention(parsing: bad), bad) }
    }

    func testDaysCountFromFiling() {
        let filed = Date(timeIntervalSince1970: 1_000_000)
        XCTAssertFalse(InboxRetention.days(2).expired(filedAt: filed, now: filed.addingTimeInterval(2 * 86_400 - 1)))
        XCTAssertTrue(InboxRetention.days(2).expired(filedAt: filed, now: filed.addingTimeInterval(2 * 86_400)))
        XCTAssertFalse(InboxRetention.keep.expired(filedAt: filed, now: .distantFuture))
    }

    func testTheSweepDeletesOnlyOriginalsPastTheirDays() throws {
        let root = NSTemporaryDirectory() + "retention-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/cxr/study", withIntermediateDirectories: true)
        let now = Date()
        for (name, age) in [("cxr/old.png", 8.0), ("cxr/study/old.dcm", 30.0), ("cxr/young.png", 6.0)] {
            FileManager.default.createFile(atPath: root + "/" + name, contents: Data([1, 2, 3]))
            try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-age * 86_400)],
                                                  ofItemAtPath: root + "/" + name)
        }
        XCTAssertEqual(InboxRetention.keep.sweep(processed: root, now: now), 0)
        XCTAssertEqual(InboxRetention.days(7).sweep(processed: root, now: now), 2)
        let left = FileManager.default.enumerator(atPath: root)?.allObjects.compactMap { $0 as? String }
            .filter { !$0.hasSuffix("study") && $0 != "cxr" }
        XCTAssertEqual(left, ["cxr/young.png"])
    }
}
