import Foundation
@testable import Imaging
import XCTest

final class NRRDTests: XCTestCase {
    static func file(_ header: String, _ data: [UInt8]) -> [UInt8] { Array(header.utf8) + data }

    static let rasHeader = """
        NRRD0004
        # a comment
        type: short
        dimension: 3
        space: right-anterior-superior
        sizes: 2 3 2
        space directions: (0.5,0,0) (0,0.75,0) (0,0,2)
        endian: big
        encoding: raw
        space origin: (10,20,-5)
        key:=value: with colons


        """

    func testRawBigEndianShortsWithTheirAffine() throws {
        let values: [Int16] = [0, 1, 2, -3, 4, 5, 6, 7, 8, 9, 10, 300]
        let data = values.flatMap { [UInt8(truncatingIfNeeded: UInt16(bitPattern: $0) >> 8), UInt8(truncatingIfNeeded: $0)] }
        let volume = try NRRDReader.read(Self.file(Self.rasHeader, data), source: "t.nrrd")
        XCTAssertEqual([volume.width, volume.height, volume.depth], [2, 3, 2])
        XCTAssertEqual(volume.pixels, values.map(Float.init), "x fastest, as stored")
        XCTAssertEqual(volume.affine, [0.5, 0, 0, 10, 0, 0.75, 0, 20, 0, 0, 2, -5, 0, 0, 0, 1])
        XCTAssertEqual(ImageLoader.detectFormat(Self.file(Self.rasHeader, data)), .nrrd)
    }

    func testLPSBecomesRAS() throws {
        let header = Self.rasHeader.replacingOccurrences(of: "right-anterior-superior", with: "left-posterior-superior")
        let volume = try NRRDReader.read(Self.file(header, [UInt8](repeating: 0, count: 24)), source: "t.nrrd")
        XCTAssertEqual(volume.affine, [-0.5, 0, 0, -10, 0, -0.75, 0, -20, 0, 0, 2, -5, 0, 0, 0, 1])
    }

    func testWhatIsRefusedSaysWhatToExport() {
        let cases: [(String, [UInt8], String)] = [
            (Self.rasHeader, [UInt8](repeating: 0, count: 10), "needs 24"),
            (Self.rasHeader.replacingOccurrences(of: "encoding: raw", with: "data file: t.raw\nencoding: raw"), [], "attached"),
            (Self.rasHeader.replacingOccurrences(of: "type: short", with: "type: block"), [], "integer or float"),
            (Self.rasHeader.replacingOccurrences(of: "dimension: 3", with: "dimension: 4"), [], "one layer"),
            (Self.rasHeader.replacingOccurrences(of: "encoding: raw", with: "encoding: bzip2"), [], "raw or gzip"),
            (Self.rasHeader.replacingOccurrences(of: "(0.5,0,0) ", with: "none "), [UInt8](repeating: 0, count: 24), "every axis is spatial"),
            ("NRRD0004\ntype: short\n", [], "no blank line"),
        ]
        for (header, data, expected) in cases {
            XCTAssertThrowsError(try NRRDReader.read(Self.file(header, data), source: "t.nrrd"), expected) { error in
                XCTAssertTrue("\(error)".contains(expected),
                              "\(expected): \(error)")
            }
        }
    }

    func testMutatedHeadersNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let original = Self.file(Self.rasHeader.replacingOccurrences(of: "endian: big\n", with: ""), [UInt8](repeating: 1, count: 24))
        var read = 0, refused = 0
        for _ in 0..<2000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if (try? NRRDReader.read(bytes, source: "m.nrrd")) != nil { read += 1 } else { refused += 1 }
        }
        XCTAssertEqual(read + refused, 2000)
    }
}
