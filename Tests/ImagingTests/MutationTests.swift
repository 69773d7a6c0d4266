import NumericSupport
import Foundation
import XCTest
@testable import Imaging

/// Seeded corruption of small real files: every variant must end in a value or a typed error, quickly.
/// A crash kills the test process and a hang shows up as a variant over the time limit.
final class MutationTests: XCTestCase {
    static let variantsPerParser = 10_000
    /// Far above any honest decode of these small files; only a runaway loop gets near it.
    static let hangLimit = 1.0

    func testCorruptedDICOMFilesNeverCrashOrHang() throws {
        let names = ["MR_small.dcm", "MR_small_RLE.dcm", "image_dfl.dcm", "MR_small_bigendian.dcm",
                     "MR_small_implicit.dcm", "SC_rgb_rle_2frame.dcm", "ExplVR_BigEnd.dcm", "UN_sequence.dcm"]
        let seeds = try names.map { name in
            try TestSupport.readBytes(try TestSupport.requireFile(DICOMConformanceTests.pydicomFiles + "/" + name))
        }
        try run("DICOM", seeds: seeds, lengthOffsets: seeds.map(dicomLengthOffsets)) { bytes in
            let instance = try DICOMReader.read(bytes, source: "mutant.dcm")
            _ = try ImageLoader.volume(from: instance)
        }
    }

    /// One small file per codec: libjpeg-turbo (baseline), our 12-bit DCT and lossless decoders, CharLS, OpenJPEG.
    func testCorruptedCompressedDICOMFilesNeverCrashOrHang() throws {
        let names = ["SC_rgb_small_odd_jpeg.dcm", "JPGExtended.dcm", "SC_rgb_jpeg_gdcm.dcm",
                     "MR_small_jpeg_ls_lossless.dcm", "MR_small_jp2klossless.dcm", "693_J2KI.dcm"]
        let seeds = try names.map { name in
            try TestSupport.readBytes(try TestSupport.requireFile(DICOMConformanceTests.pydicomFiles + "/" + name))
        }
        try run("Compressed DICOM", seeds: seeds, lengthOffsets: seeds.map(dicomLengthOffsets)) { bytes in
            let instance = try DICOMReader.read(bytes, source: "mutant.dcm")
            _ = try ImageLoader.volume(from: instance)
        }
    }

    func testCorruptedNIfTIFilesNeverCrashOrHang() throws {
        let directory = NIfTITests.nibabelData
        let seeds = try ["resampled_anat_moved.nii", "standard.nii.gz", "example_nifti2.nii.gz"].map { name in
            try TestSupport.readBytes(try TestSupport.requireFile(directory + "/" + name))
        }
        // dim, datatype, bitpix, vox_offset of NIfTI-1; gzip files get generic overwrites.
        let header = [40, 42, 44, 46, 70, 72, 108]
        try run("NIfTI", seeds: seeds, lengthOffsets: seeds.map { $0.starts(with: [0x1F, 0x8B]) ? [] : header }) {
            _ = try NIfTIReader.read($0, source: "mutant.nii").volume()
        }
    }

    func testCorruptedPNGFilesNeverCrashOrHang() throws {
        let masks = try TestSupport.sharedFile("data/cxr-lungs/masks")
        var seeds = try ["005.png", "006.png"].map { try TestSupport.readBytes(masks + "/" + $0) }
        // A 48x40 crop of a real radiograph re-encoded: real texture, so every filter type occurs.
        let xray = try PNGDecoder.decode(path: try TestSupport.sharedFile("data/cxr-lungs/images/005.png"))
        let crop = (0..<(48 * 40)).map { UInt8(xray.sample(x: 200 + $0 % 48, y: 200 + $0 / 48)) }
        seeds.append(try PNGEncoder.encodeGrey8(crop, width: 48, height: 40))
        try run("PNG", seeds: seeds, lengthOffsets: seeds.map(pngLengthOffsets), repairPNGChecksums: true) {
            _ = ImageLoader.volume(from: try PNGDecoder.decode($0, source: "mutant.png"))
        }
    }

    private func run(_ format: String, seeds: [[UInt8]], lengthOffsets: [[Int]], repairPNGChecksums: Bool = false,
                     decode: ([UInt8]) throws -> Void) throws {
        var generator = SeededRandom(seed: 0x5CA9_5E1E)
        var decoded = 0, rejected = 0, slowest = 0.0
        var untyped: [String] = []
        let start = Date()
        for index in 0..<Self.variantsPerParser {
            let seed = seeds[index % seeds.count]
            var bytes = mutate(seed, lengthOffsets: lengthOffsets[index % seeds.count], using: &generator)
            // Half the PNG variants get valid CRCs so corruption reaches the decoder, not just the checksum.
            if repairPNGChecksums && index % 2 == 0 { repairCRCs(&bytes) }
            let began = Date()
            do {
                try decode(bytes)
                decoded += 1
            } catch is ImagingError {
                rejected += 1
            } catch {
                untyped.append(String(describing: error))
            }
            slowest = max(slowest, Date().timeIntervalSince(began))
        }
        print("\(format) mutation test: \(Self.variantsPerParser) variants, \(decoded) decoded, \(rejected) typed errors, "
              + "\(untyped.count) untyped errors, 0 crashes, slowest \(String(format: "%.4f", slowest)) s, "
              + "total \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
        XCTAssertEqual(untyped, [])
        XCTAssertLessThan(slowest, Self.hangLimit, "a variant took too long: possible hang")
        XCTAssertGreaterThan(rejected, Self.variantsPerParser / 2, "most corruptions must be detected")
    }

    private func mutate(_ seed: [UInt8], lengthOffsets: [Int], using generator: inout SeededRandom) -> [UInt8] {
        var bytes = seed
        let interesting: [UInt32] = [0, 1, 0xFF, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFF0, 0xFFFF_FFFF,
                                     UInt32(seed.count), UInt32(seed.count * 2)]
        for _ in 0..<Int.random(in: 1...3, using: &generator) where !bytes.isEmpty {
            switch Int.random(in: 0..<5, using: &generator) {
            case 0:
                for _ in 0..<Int.random(in: 1...8, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
                }
            case 1:
                bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &generator)...)
            case 2:
                let at = Int.random(in: 0...bytes.count, using: &generator)
                bytes.insert(contentsOf: (0..<Int.random(in: 1...16, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }, at: at)
            case 3:
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...16, using: &generator)))
            default:
                let known = lengthOffsets.filter { $0 + 4 <= bytes.count }
                let at = known.isEmpty || Bool.random(using: &generator)
                    ? Int.random(in: 0..<bytes.count, using: &generator)
                    : known[Int.random(in: 0..<known.count, using: &generator)]
                let value = interesting[Int.random(in: 0..<interesting.count, using: &generator)]
                let bigEndian = Bool.random(using: &generator)
                for i in 0..<4 where at + i < bytes.count {
                    bytes[at + i] = UInt8(truncatingIfNeeded: value >> (bigEndian ? 8 * (3 - i) : 8 * i))
                }
            }
        }
        return bytes
    }

    /// Offsets of the top-level element length fields of a DICOM file.
    private func dicomLengthOffsets(_ bytes: [UInt8]) -> [Int] {
        guard let set = try? DICOMFileParser.parse(bytes, source: "seed") else { return [] }
        // Sorted: dictionary order changes from run to run, and the variants must not.
        return set.elements.values.map { element in
            let long = DICOMVR.longLength.contains(element.vr) || element.vr.isEmpty
            return element.offset - (long ? 4 : 2)
        }.sorted()
    }

    /// Offsets of the PNG chunk length fields.
    private func pngLengthOffsets(_ bytes: [UInt8]) -> [Int] {
        var offsets: [Int] = [], offset = 8
        while offset + 8 <= bytes.count {
            offsets.append(offset)
            let length = bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            offset += 12 + length
        }
        return offsets
    }

    private func repairCRCs(_ bytes: inout [UInt8]) {
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            guard offset + 12 + length <= bytes.count else { return }
            let crc = Zlib.crc32(bytes[(offset + 4)..<(offset + 8 + length)])
            let at = offset + 8 + length
            bytes.replaceSubrange(at..<(at + 4), with: [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF),
                                                       UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)])
            offset += 12 + length
        }
    }
}
