import Foundation
import SafeTensors
import TensorStore
import TestFixtures
import XCTest

final class TensorStoreTests: XCTestCase {
    private var root: String!

    override func setUp() {
        root = NSTemporaryDirectory() + "store-\(UUID().uuidString)"
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    func testEveryDTypeRoundTrips() throws {
        let store = try TensorStore(root: root)
        var writer = SafeTensorsWriter(metadata: ["encoder": "descriptor"])
        let floats: [Float] = (0..<24).map { Float($0) * 0.37 - 3 }
        writer.add("f32", floats: floats, shape: [2, 3, 4])
        writer.add("f16", float16: [0.5, -2, 1024, 0.099975586], shape: [4])
        writer.add("u8", uint8: [0, 1, 2, 255], shape: [2, 2])
        writer.add("i16", int16: [-32768, 0, 32767], shape: [3])
        writer.add("i32", int32: [Int32.min, -1, Int32.max], shape: [3])
        let path = try store.put(writer)

        let file = try store.read(path)
        XCTAssertEqual(file.metadata["encoder"], "descriptor")
        XCTAssertEqual(try file.floats("f32"), floats)
        XCTAssertEqual(try file.entry("f32").shape, [2, 3, 4])
        XCTAssertEqual(try file.floats("f16"), [0.5, -2, 1024, 0.099975586])
        XCTAssertEqual(try file.uint8("u8"), [0, 1, 2, 255])
        XCTAssertEqual(try file.ints("i16"), [-32768, 0, 32767])
        XCTAssertEqual(try file.ints("i32"), [Int(Int32.min), -1, Int(Int32.max)])
        XCTAssertEqual(file.names, ["f32", "f16", "u8", "i16", "i32"])
    }

    func testIdenticalContentIsStoredOnce() throws {
        let store = try TensorStore(root: root)
        var writer = SafeTensorsWriter()
        writer.add("x", floats: [1, 2, 3], shape: [3])
        let first = try store.put(writer)
        let second = try store.put(writer)
        XCTAssertEqual(first, second)
        let files = try FileManager.default.subpathsOfDirectory(atPath: root).filter { $0.hasSuffix(".safetensors") }
        XCTAssertEqual(files.count, 1)
    }

    func testTruncatedFileIsDetectedAndNamed() throws {
        let (store, _, path, absolute) = try storedHundredOnes()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: absolute))
        try bytes.prefix(bytes.count - 7).write(to: URL(fileURLWithPath: absolute))
        XCTAssertThrowsError(try store.read(path)) { error in
            XCTAssertTrue("\(error)".contains(absolute), "error should name the file: \(error)")
            XCTAssertTrue("\(error)".contains("truncated"), "\(error)")
        }
    }

    /// A stored file whose bytes changed but still parse is caught by its hash, and putting the same content again
    /// repairs it.
    func testADamagedFileIsCaughtByItsHashAndRepairedByTheNextPut() throws {
        let (store, writer, path, absolute) = try storedHundredOnes()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: absolute)))
        bytes[bytes.count - 1] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: absolute))
        XCTAssertThrowsError(try store.read(path)) { error in
            XCTAssertTrue("\(error)".contains(absolute) && "\(error)".contains("SHA-256"), "\(error)")
        }
        XCTAssertEqual(try store.put(writer), path)
        XCTAssertEqual(try store.read(path).floats("x"), Array(repeating: 1, count: 100))
    }

    /// Temporaries of writes that never finished are swept once they are old; a young one (a live writer's) stays.
    func testOldTemporariesAreSweptAndYoungOnesKept() throws {
        let store = try TensorStore(root: root)
        let folder = root + "/sha256/ab"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let old = folder + "/.tmp-old", young = folder + "/.tmp-young", kept = folder + "/ab12.safetensors"
        for path in [old, young, kept] { FileManager.default.createFile(atPath: path, contents: Data([1, 2, 3])) }
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7_200)], ofItemAtPath: old)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7_200)], ofItemAtPath: kept)
        XCTAssertEqual(store.sweepTemporaries(olderThan: 3_600), 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: old))
        XCTAssertTrue(FileManager.default.fileExists(atPath: young))
        XCTAssertTrue(FileManager.default.fileExists(atPath: kept), "only temporaries are swept")
    }

    /// A store holding one small tensor file: the store, what was written, its relative and absolute paths.
    private func storedHundredOnes() throws -> (TensorStore, SafeTensorsWriter, String, String) {
        let store = try TensorStore(root: root)
        var writer = SafeTensorsWriter()
        writer.add("x", floats: Array(repeating: 1, count: 100), shape: [10, 10])
        let path = try store.put(writer)
        return (store, writer, path, store.absolutePath(path))
    }

    func testGarbageHeaderIsRejected() throws {
        var bytes: [UInt8] = [16, 0, 0, 0, 0, 0, 0, 0]
        bytes += Array("{not json at all}".utf8.prefix(16))
        XCTAssertThrowsError(try SafeTensorsFile(bytes: bytes, source: "x.safetensors")) { error in
            XCTAssertTrue("\(error)".contains("x.safetensors"))
        }
    }

    func testConcurrentWritersOfSameContentNeverCorrupt() async throws {
        let store = try TensorStore(root: root)
        var writer = SafeTensorsWriter()
        writer.add("x", floats: (0..<50_000).map { Float($0) }, shape: [50_000])
        let expected = writer.serialized()
        let paths = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<16 { group.addTask { try store.put(bytes: expected) } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        XCTAssertEqual(paths.count, 1)
        let path = try XCTUnwrap(paths.first)
        let stored = try Data(contentsOf: URL(fileURLWithPath: store.absolutePath(path)))
        XCTAssertEqual([UInt8](stored), expected)
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: root).filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [])
    }

    func testPathsCannotEscapeTheStore() throws {
        let store = try TensorStore(root: root)
        XCTAssertThrowsError(try store.read("../etc/passwd"))
    }

    func testNumpyReadsOurFiles() throws {
        let store = try TensorStore(root: root)
        var writer = SafeTensorsWriter()
        writer.add("grid", floats: [1.5, -2, 3.25, 4, 5, 6], shape: [2, 3])
        let path = store.absolutePath(try store.put(writer))
        // An independent reader: the format's own spec implemented with numpy, no safetensors package needed.
        let script = """
        import json, struct, sys, numpy as np
        b = open(sys.argv[1], 'rb').read(); n = struct.unpack('<Q', b[:8])[0]; h = json.loads(b[8:8+n])
        e = h['grid']; s, t = e['data_offsets']
        a = np.frombuffer(b[8+n+s:8+n+t], dtype='<f4').reshape(e['shape'])
        print(json.dumps(a.tolist()))
        """
        let output = try Python.run(Python.interpreter(importing: "numpy"), ["-c", script, path])
        XCTAssertEqual(output.trimmingCharacters(in: .whitespacesAndNewlines), "[[1.5, -2.0, 3.25], [4.0, 5.0, 6.0]]")
    }
}
