import Foundation
import SafeTensors
import TensorStore
import XCTest

/// Which files `scanselect store gc` may remove: only content-addressed, unreferenced and old enough.
final class StoreGarbageTests: XCTestCase {
    func testOnlyOldUnreferencedContentAddressedFilesAreGarbage() throws {
        let root = NSTemporaryDirectory() + "store-gc-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = try TensorStore(root: root)
        let kept = try store.put(bytes: Array("referenced".utf8))
        let orphan = try store.put(bytes: Array("orphan".utf8))
        try store.write(bytes: Array("epoch".utf8), to: "training/p/round-0/epoch.safetensors")
        let files = store.contentAddressedFiles()
        XCTAssertEqual(Set(files.map(\.path)), [kept, orphan], "files at chosen paths are not candidates")
        let later = Date().addingTimeInterval(7200)
        let garbage = StoreGarbage.find(in: files, referenced: [kept], grace: 3600, now: later)
        XCTAssertEqual(garbage.unreferenced.map(\.path), [orphan])
        XCTAssertEqual(StoreGarbage.find(in: files, referenced: [kept], grace: 3600, now: Date()).unreferenced, [],
                       "a fresh put whose row may still be committing is never garbage")
        XCTAssertEqual(store.remove(garbage), 1)
        XCTAssertFalse(store.exists(orphan))
        XCTAssertTrue(store.exists(kept))
        XCTAssertTrue(store.exists("training/p/round-0/epoch.safetensors"))
    }
}
