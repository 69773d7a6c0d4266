import Foundation
import XCTest
@testable import Imaging

final class DICOMTests: XCTestCase {
    static func pydicomFile(_ name: String) throws -> String {
        try TestSupport.requireFile(DICOMConformanceTests.pydicomFiles + "/" + name)
    }

    func testSeriesStacksAlongTheNormalWithSpacingFromPositionsAndMonochrome1IsInverted() throws {
        let output = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        try TestSupport.runReference("dicom_series.py", module: "pydicom", arguments: [output.path])
        let index = try XCTUnwrap(TestSupport.readJSON(output.appendingPathComponent("index.json")) as? [String: Any])

        let series = try XCTUnwrap(index["series"] as? [String: Any])
        let instances = try XCTUnwrap(series["files"] as? [String]).map { path in try DICOMReader.read(path: path) }
        let volume = try DICOMSeries.stack(instances)
        let shape = try XCTUnwrap(series["shape"] as? [Int])
        XCTAssertEqual([volume.depth, volume.height, volume.width], shape)
        XCTAssertEqual(volume.pixels, try TestSupport.readFloat32(try XCTUnwrap(series["volume"] as? String)))
        let spacing = try XCTUnwrap(series["spacing"] as? [Double])
        let ours = try XCTUnwrap(volume.spacing)
        XCTAssertEqual(ours.x, spacing[0], accuracy: 1e-6)
        XCTAssertEqual(ours.y, spacing[1], accuracy: 1e-6)
        XCTAssertEqual(ours.z, spacing[2], accuracy: 1e-3)
        let affine = try XCTUnwrap(series["affine"] as? [Double])
        for (a, b) in zip(try XCTUnwrap(volume.affine), affine) { XCTAssertEqual(a, b, accuracy: 1e-3) }

        // Without the middle slice the gaps are 2.5 and 5 mm: a missing slice, which must not pass silently.
        let ranks = try XCTUnwrap(series["ranks"] as? [Int])
        let gapped = zip(instances, ranks).filter { $0.1 != 2 }.map(\.0)
        XCTAssertThrowsError(try DICOMSeries.stack(gapped)) { error in
            guard case ImagingError.inconsistentSeries = error else { return XCTFail("\(error)") }
        }

        let mono1 = try XCTUnwrap(index["mono1"] as? [String: Any])
        let inverted = try ImageLoader.load(path: try XCTUnwrap(mono1["file"] as? String))
        XCTAssertEqual(inverted.pixels, try TestSupport.readFloat32(try XCTUnwrap(mono1["expected"] as? String)))

        // Colour: YBR_FULL_422 is upsampled and converted to RGB as pydicom does (pydicom rounds to uint8).
        let ybr = try XCTUnwrap(index["ybr"] as? [String: Any])
        let rgb = try ImageLoader.load(path: try XCTUnwrap(ybr["file"] as? String))
        let expected = try TestSupport.readFloat32(try XCTUnwrap(ybr["expected"] as? String))
        XCTAssertEqual(rgb.channels, 3)
        XCTAssertEqual(rgb.pixels.count, expected.count)
        XCTAssertLessThanOrEqual(zip(rgb.pixels, expected).map { abs($0 - $1) }.max() ?? .infinity, 1)

        let bits12 = try XCTUnwrap(index["bits12"] as? [String: Any])
        let masked = try DICOMReader.read(path: try XCTUnwrap(bits12["file"] as? String))
        XCTAssertEqual(masked.pixels.int64Values(),
                       try TestSupport.readIntegers(try XCTUnwrap(bits12["expected"] as? String), dtype: "int16"))
    }

    func testDuplicateSlicesAreRefused() throws {
        let path = try Self.pydicomFile("CT_small.dcm")
        let slice = try DICOMReader.read(path: path)
        // The same slice three times: zero gaps mean duplicates, which must not silently become a volume.
        XCTAssertThrowsError(try DICOMSeries.stack([slice, slice, slice])) { error in
            guard case ImagingError.inconsistentSeries = error else { return XCTFail("\(error)") }
        }
    }

    func testUndecodedTransferSyntaxErrorNamesTheUIDAndTheFix() throws {
        // JPEG 2000 Part 2 (multi-component) is the one JPEG 2000 syntax not decoded; its UID has the same length
        // as Part 1's, so relabelling a real file keeps every length in the meta header right.
        var bytes = try TestSupport.readBytes(try Self.pydicomFile("JPEG2000.dcm"))
        let part1 = Array("1.2.840.10008.1.2.4.91".utf8), part2 = Array("1.2.840.10008.1.2.4.92".utf8)
        let at = try XCTUnwrap((0...(bytes.count - part1.count)).first { Array(bytes[$0..<($0 + part1.count)]) == part1 })
        bytes.replaceSubrange(at..<(at + part1.count), with: part2)
        XCTAssertThrowsError(try DICOMReader.read(bytes, source: "JPEG2000-part2.dcm")) { error in
            guard case ImagingError.unsupportedTransferSyntax(_, let uid, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(uid, "1.2.840.10008.1.2.4.92")
            let message = String(describing: error)
            XCTAssertTrue(message.contains("JPEG2000-part2.dcm") && message.contains("Explicit VR Little Endian")
                          && message.contains("transfer-syntax"), message)
        }
    }

    func testSafeMetadataNeverContainsConfidentialityProfileAttributes() throws {
        let profile = DICOMConfidentialityProfile.self
        for tag in [DICOMTag(0x0010, 0x0010), DICOMTag(0x0010, 0x0020), DICOMTag(0x0010, 0x0030),
                    DICOMTag(0x0010, 0x1040), DICOMTag(0x0008, 0x0080), DICOMTag(0x0008, 0x0090),
                    DICOMTag(0x0008, 0x0050), DICOMTag(0x0008, 0x0020), DICOMTag(0x0008, 0x0030)] {
            XCTAssertTrue(profile.covers(tag), "\(tag) must be in the profile")
        }
        XCTAssertTrue(profile.covers(DICOMTag(0x0009, 0x0010)), "private tags are covered")
        XCTAssertGreaterThan(profile.tags.count, 150)
        let leaking = DICOMSafeMetadata.allowedTags.subtracting(profile.deliberatelyKept).filter(profile.covers)
        XCTAssertEqual(leaking, [])

        let instance = try DICOMReader.read(path: try Self.pydicomFile("CT_small.dcm"))
        XCTAssertEqual(instance.header.safeMetadata["Modality"], "CT")
        XCTAssertEqual(instance.header.safeMetadata["Rows"], "128")
        XCTAssertNil(instance.header.safeMetadata["PatientName"])

        // Headers of objects without pixels (an RT plan) still read, with nothing identifying in them.
        let plan = try DICOMReader.readHeader(path: try Self.pydicomFile("rtplan.dcm"))
        XCTAssertEqual(plan.modality, "RTPLAN")
        XCTAssertTrue(Set(plan.safeMetadata.keys).isSubset(of: Set(DICOMSafeMetadata.allowList.map(\.keyword))))
    }

    func testDamagedFilesGiveTypedErrors() throws {
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Self.pydicomFile("MR_small.dcm"))))
        let pixelTag: [UInt8] = [0xE0, 0x7F, 0x10, 0x00, 0x4F, 0x57]
        let pixelAt = try XCTUnwrap((0..<(original.count - 6)).first { Array(original[$0..<($0 + 6)]) == pixelTag })

        expect(Array(original[0..<(pixelAt + 500)]), "truncated pixel data") {
            if case .implausibleSize = $0 { return true }
            if case .truncated = $0 { return true }
            return false
        }
        var zeroLength = Array(original[0..<(pixelAt + 12)])
        zeroLength.replaceSubrange((pixelAt + 8)..<(pixelAt + 12), with: [0, 0, 0, 0])
        expect(zeroLength, "zero-length pixel data") { if case .implausibleSize = $0 { return true }; return false }
        var pastEnd = original
        pastEnd.replaceSubrange((pixelAt + 8)..<(pixelAt + 12), with: [0xF0, 0xFF, 0xFF, 0x7F])
        expect(pastEnd, "length past end of file") { if case .truncated = $0 { return true }; return false }
        var badVR = original
        badVR.replaceSubrange((pixelAt + 4)..<(pixelAt + 6), with: Array("Q!".utf8))
        expect(badVR, "unknown VR") { if case .unknownVR = $0 { return true }; return false }
        var notDICOM = [UInt8](repeating: 0x41, count: 300)
        notDICOM[0] = 0x7B
        expect(notDICOM, "not DICOM") { if case .wrongMagic = $0 { return true }; return false }

        var deflated = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Self.pydicomFile("image_dfl.dcm"))))
        for i in stride(from: deflated.count - 600, to: deflated.count - 500, by: 3) { deflated[i] ^= 0x5A }
        expect(deflated, "damaged deflate stream") {
            if case .corruptCompressedData = $0 { return true }
            if case .truncated = $0 { return true }
            return false
        }
    }

    private func expect(_ bytes: [UInt8], _ label: String, file: StaticString = #filePath, line: UInt = #line,
                        _ matches: (ImagingError) -> Bool) {
        do {
            _ = try DICOMReader.read(bytes, source: label)
            XCTFail("\(label): decoded without error", file: file, line: line)
        } catch {
            XCTAssertTrue(matches(error), "\(label): \(error)", file: file, line: line)
            XCTAssertTrue(error.description.contains(label), "errors name the file", file: file, line: line)
        }
    }
}

final class DICOMUIDTests: XCTestCase {
    func testOnlyDigitsAndSingleDotsNameAPath() {
        for valid in ["1.2.840.10008.5.1.4.1.1.2", "1.2.3.04", "0", String(repeating: "1", count: 64)] {
            XCTAssertTrue(DICOMUID.isValid(valid), valid)
        }
        for invalid in ["", ".", "...", "..", "../../x/y", "1.2/3", "1..2", ".1.2", "1.2.", "1.2.3a", " 1.2",
                        String(repeating: "1", count: 65)] {
            XCTAssertFalse(DICOMUID.isValid(invalid), invalid)
        }
    }
}

final class DICOMSOPClassTests: XCTestCase {
    func testNonImageObjectsAreNamedAndImagesPass() {
        let nonImages = [
            ("1.2.840.10008.5.1.4.1.1.66.4", "Segmentation (SEG)"), ("1.2.840.10008.5.1.4.1.1.481.2", "RT Dose"),
            ("1.2.840.10008.5.1.4.1.1.481.3", "RT Structure Set"), ("1.2.840.10008.5.1.4.1.1.481.5", "RT object"),
            ("1.2.840.10008.5.1.4.1.1.88.22", "Structured Report (SR)"), ("1.2.840.10008.5.1.4.1.1.88.59", "Key Object Selection"),
            ("1.2.840.10008.5.1.4.1.1.11.1", "Presentation State"), ("1.2.840.10008.5.1.4.1.1.104.1", "Encapsulated document"),
            ("1.2.840.10008.5.1.4.1.1.66", "Raw Data"),
        ]
        for (uid, kind) in nonImages { XCTAssertEqual(DICOMSOPClass.nonImageKind(uid), kind, uid) }
        // CT, MR, CR, DX, MG, US, secondary capture, RT Image, enhanced CT: images.
        for uid in ["1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.4", "1.2.840.10008.5.1.4.1.1.1",
                    "1.2.840.10008.5.1.4.1.1.1.1", "1.2.840.10008.5.1.4.1.1.1.2", "1.2.840.10008.5.1.4.1.1.6.1",
                    "1.2.840.10008.5.1.4.1.1.7", "1.2.840.10008.5.1.4.1.1.481.1", "1.2.840.10008.5.1.4.1.1.2.1",
                    "1.2.840.10008.5.1.4.1.1.660"] {
            XCTAssertNil(DICOMSOPClass.nonImageKind(uid), uid)
        }
    }

    func testTheFileDoorsRefuseAnRTDoseByName() throws {
        let path = "/usr/lib/python3/dist-packages/pydicom/data/test_files/rtdose.dcm"
        let header = try DICOMReader.readHeader(path: path)
        XCTAssertThrowsError(try DICOMSOPClass.requireImage(header, source: path)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("rtdose.dcm") && text.contains("RT Dose") && text.contains("never joins the pool"), text)
        }
    }
}
