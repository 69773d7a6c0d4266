import NumericSupport
import Foundation
import XCTest
@testable import Imaging

final class PNGTests: XCTestCase {
    func testEveryColourTypeBitDepthInterlaceAndFilterMatchesTheSourceSamples() throws {
        let output = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        try TestSupport.runReference("png_reference.py", module: "PIL", arguments: ["generate", output.path])
        let records = try XCTUnwrap(TestSupport.readJSON(output.appendingPathComponent("index.json")) as? [[String: Any]])
        XCTAssertGreaterThan(records.count, 100)
        for record in records {
            let path = try XCTUnwrap(record["path"] as? String)
            let image = try PNGDecoder.decode(path: path)
            let expected = try TestSupport.readIntegers(try XCTUnwrap(record["expected"] as? String), dtype: "uint16")
            XCTAssertEqual(image.width, record["width"] as? Int, path)
            XCTAssertEqual(image.height, record["height"] as? Int, path)
            XCTAssertEqual(image.channels, record["channels"] as? Int, path)
            XCTAssertEqual(image.bitDepth, record["bit_depth"] as? Int, path)
            XCTAssertEqual(allSamples(image), expected, path)
        }
    }

    func testChestXrayImagesAndMasksMatchPillow() throws {
        let directory = try TestSupport.sharedFile("data/cxr-lungs")
        var files: [String] = []
        for folder in ["images", "masks"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/" + folder).sorted()
            files += names.filter { $0.hasSuffix(".png") }.map { "\(directory)/\(folder)/\($0)" }
        }
        XCTAssertGreaterThan(files.count, 150)
        let output = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        try TestSupport.runReference("png_reference.py", module: "PIL", arguments: ["decode", output.path] + files)
        let records = try XCTUnwrap(TestSupport.readJSON(output.appendingPathComponent("index.json")) as? [[String: Any]])
        for record in records {
            let path = try XCTUnwrap(record["path"] as? String)
            XCTAssertEqual(record["mode"] as? String, "L", "the data set is documented as 8-bit grey: \(path)")
            let image = try PNGDecoder.decode(path: path)
            let pillow = try Data(contentsOf: URL(fileURLWithPath: try XCTUnwrap(record["pillow"] as? String)))
            XCTAssertEqual(image.width, record["width"] as? Int)
            XCTAssertEqual(image.height, record["height"] as? Int)
            guard case .uint8(let samples) = image.samples else { return XCTFail("\(path) is not 8-bit") }
            XCTAssertTrue(Data(samples) == pillow, "\(path) differs from Pillow")
        }
    }

    func testWriterOutputIsReadBackIdenticallyByPillowAndByUs() throws {
        var generator = SeededRandom(seed: 7)
        let width = 61, height = 17
        let grey8 = (0..<(width * height)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let grey16 = (0..<(width * height)).map { _ in UInt16.random(in: 0...65535, using: &generator) }
        // Smooth ramps make the adaptive filter choose Sub, Up, Average and Paeth, not only None.
        let rgb = (0..<(width * height * 3)).map { UInt8(truncatingIfNeeded: $0 / 3 + ($0 % 3) * 40) }
        let output = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let cases: [(String, [UInt8], [Int64])] = [
            ("grey8.png", try PNGEncoder.encodeGrey8(grey8, width: width, height: height), grey8.map(Int64.init)),
            ("grey16.png", try PNGEncoder.encodeGrey16(grey16, width: width, height: height), grey16.map(Int64.init)),
            ("rgb8.png", try PNGEncoder.encodeRGB8(rgb, width: width, height: height), rgb.map(Int64.init)),
        ]
        var paths: [String] = []
        for (name, png, source) in cases {
            let path = output.appendingPathComponent(name).path
            try PNGEncoder.write(png, to: path)
            paths.append(path)
            XCTAssertEqual(allSamples(try PNGDecoder.decode(png)), source, name)
        }
        let pillowDirectory = output.appendingPathComponent("pillow")
        try FileManager.default.createDirectory(at: pillowDirectory, withIntermediateDirectories: true)
        try TestSupport.runReference("png_reference.py", module: "PIL", arguments: ["decode", pillowDirectory.path] + paths)
        let records = try XCTUnwrap(TestSupport.readJSON(pillowDirectory.appendingPathComponent("index.json"))
            as? [[String: Any]])
        for (record, (name, _, source)) in zip(records, cases) {
            let pillow = try TestSupport.readIntegers(try XCTUnwrap(record["pillow"] as? String),
                                                      dtype: try XCTUnwrap(record["dtype"] as? String))
            XCTAssertEqual(pillow, source, name)
        }
    }

    func testCorruptedChunkFailsItsCRC() throws {
        var png = try PNGEncoder.encodeGrey8([1, 2, 3, 4], width: 2, height: 2)
        png[png.count - 20] ^= 0x01  // inside IDAT
        XCTAssertThrowsError(try PNGDecoder.decode(png)) { error in
            guard case ImagingError.checksumMismatch = error else { return XCTFail("\(error)") }
        }
    }

    func testGarbageInsideIDATIsReportedAsCorruptCompressedData() throws {
        var png = try PNGEncoder.encodeGrey8([UInt8](repeating: 7, count: 64 * 64), width: 64, height: 64)
        // IDAT data starts after signature (8), IHDR chunk (25) and the IDAT length and type (8).
        let idat = 8 + 25 + 8
        let length = png[(idat - 8)..<(idat - 4)].reduce(0) { $0 << 8 | Int($1) }
        for i in (idat + 2)..<(idat + length) { png[i] = 0xFF }
        let crc = Zlib.crc32(png[(idat - 4)..<(idat + length)])
        png.replaceSubrange((idat + length)..<(idat + length + 4),
                            with: [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)])
        XCTAssertThrowsError(try PNGDecoder.decode(png, source: "garbage.png")) { error in
            guard case ImagingError.corruptCompressedData(let file, let field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "garbage.png")
            XCTAssertEqual(field, "IDAT")
        }
    }

    func testHugeDimensionsAreRefusedBeforeAllocation() throws {
        var png = try PNGEncoder.encodeGrey8([UInt8](repeating: 9, count: 16), width: 4, height: 4)
        // IHDR width/height := 100000 x 100000, then repair the CRC so only the size check can object.
        let huge: [UInt8] = [0x00, 0x01, 0x86, 0xA0]
        png.replaceSubrange(16..<20, with: huge)
        png.replaceSubrange(20..<24, with: huge)
        let crc = Zlib.crc32(png[12..<29])
        png.replaceSubrange(29..<33, with: [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF),
                                            UInt8(crc & 0xFF)])
        XCTAssertThrowsError(try PNGDecoder.decode(png)) { error in
            guard case ImagingError.implausibleSize = error else { return XCTFail("\(error)") }
        }
    }

    private func allSamples(_ image: PNGImage) -> [Int64] {
        switch image.samples {
        case .uint8(let values): return values.map(Int64.init)
        case .uint16(let values): return values.map(Int64.init)
        }
    }
}

