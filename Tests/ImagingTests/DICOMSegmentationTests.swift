import Foundation
import XCTest
@testable import Imaging

/// Our SEG writer and reader agree, and the reader survives corruption of a SEG (it parses what any sender posts).
final class DICOMSegmentationTests: XCTestCase {
    static let reference = DICOMSourceReference(
        studyInstanceUID: "1.2.3", seriesInstanceUID: "1.2.3.4", frameOfReferenceUID: "1.2.3.9", modality: "CT",
        rows: 6, columns: 5, pixelSpacing: [0.7, 0.7], sliceThickness: 2, orientation: [1, 0, 0, 0, 1, 0],
        slices: (0..<3).map { DICOMSourceReference.Slice(sopClassUID: "1.2.840.10008.5.1.4.1.1.2", sopInstanceUID: "1.2.3.4.\($0)",
                                                         frameNumber: nil, position: [0, 0, Double($0) * 2]) })

    static func seg(mask: [UInt8]) throws -> DICOMSegmentation {
        try DICOMSegmentation(mask: mask, reference: reference,
                              segments: [.init(number: 1, labelValue: 1, label: "label 1"),
                                         .init(number: 2, labelValue: 2, label: "Liver")],
                              provenance: .init(seriesInstanceUID: "1.2.5", seriesNumber: 1, seriesDescription: "t",
                                                algorithmName: "a", algorithmVersion: "1", created: Date(timeIntervalSince1970: 0)))
    }

    func testWhatWeWriteReadsBackFrameBySegmentAndSlice() throws {
        let mask = (0..<90).map { UInt8($0 % 3) }
        let content = try DICOMSegmentationReader.read(try Self.seg(mask: mask).bytes, source: "ours.dcm")
        XCTAssertEqual(content.segments.map(\.label), ["label 1", "Liver"])
        XCTAssertEqual(content.frames.count, 6)
        XCTAssertEqual(content.frames.map(\.segment), [1, 1, 1, 2, 2, 2])
        XCTAssertEqual(content.frames.map(\.sourceInstanceUID), ["1.2.3.4.0", "1.2.3.4.1", "1.2.3.4.2"] + ["1.2.3.4.0", "1.2.3.4.1", "1.2.3.4.2"])
        XCTAssertEqual(content.frames.map { $0.position?[2] }, [0, 2, 4, 0, 2, 4])
        XCTAssertEqual(Array(content.pixels[0..<90]), mask.map { $0 == 1 ? 1 : 0 })
        XCTAssertEqual(Array(content.pixels[90..<180]), mask.map { $0 == 2 ? 1 : 0 })
        XCTAssertEqual(content.referencedInstanceUIDs, ["1.2.3.4.0", "1.2.3.4.1", "1.2.3.4.2"])
    }

    func testCorruptedSEGsEndInAValueOrATypedError() throws {
        let seed = try Self.seg(mask: (0..<90).map { UInt8($0 % 3) }).bytes
        var generator = SystemRandomNumberGenerator()
        var (values, errors) = (0, 0)
        for variant in 0..<3_000 {
            var bytes = seed
            for _ in 0..<(1 + variant % 4) {
                let index = Int.random(in: 132..<bytes.count, using: &generator)
                bytes[index] = UInt8.random(in: 0...255, using: &generator)
            }
            if variant % 10 == 0 { bytes = Array(bytes.prefix(Int.random(in: 132..<bytes.count, using: &generator))) }
            do {
                _ = try DICOMSegmentationReader.read(bytes, source: "mutant.dcm")
                values += 1
            } catch {
                errors += 1
            }
        }
        print("SEG mutation test: \(values) read, \(errors) typed errors, 0 crashes")
        XCTAssertGreaterThan(errors, 0)
    }
}
