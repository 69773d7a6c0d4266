import Foundation
import TestFixtures
import XCTest
@testable import Imaging

/// Compares the NIfTI reader with nibabel on generated files of every datatype and on real MRI.
final class NIfTITests: XCTestCase {
    static let nibabelData = "/usr/lib/python3/dist-packages/nibabel/tests/data"

    func testEveryDatatypeByteOrderVersionAndAffineFormMatchesNibabel() throws {
        let output = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        try TestSupport.runReference("nifti_reference.py", module: "nibabel", arguments: ["generate", output.path])
        let checked = try compareAll(in: output)
        XCTAssertEqual(checked, 36)
    }

    func testRealMRIAndNibabelTestFilesMatchNibabel() throws {
        var files = ["/usr/share/mricron/templates/ch2.nii.gz", "/usr/share/mricron/templates/ch2bet.nii.gz"]
            .filter { FileManager.default.fileExists(atPath: $0) }
        if let names = try? FileManager.default.contentsOfDirectory(atPath: Self.nibabelData) {
            files += names.sorted().filter { ($0.hasSuffix(".nii") || $0.hasSuffix(".nii.gz")) && !$0.contains("dconn") }
                .map { Self.nibabelData + "/" + $0 }
        }
        guard !files.isEmpty else { throw Prerequisite.missing("no NIfTI files installed (scripts/install-deps installs them)") }
        let output = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        try TestSupport.runReference("nifti_reference.py", module: "nibabel", arguments: ["describe", output.path] + files)
        XCTAssertEqual(try compareAll(in: output), files.count)
    }

    func testBrainMaskTemplateGivesAPlausibleBrainVolume() throws {
        let path = try TestSupport.requireFile("/usr/share/mricron/templates/ch2bet.nii.gz")
        let volume = try NIfTIReader.read(path: path).volume()
        let voxelMillilitres = (volume.spacing?.x ?? 0) * (volume.spacing?.y ?? 0) * (volume.spacing?.z ?? 0) / 1000
        let brain = Double(volume.pixels.filter { $0 > 0 }.count) * voxelMillilitres
        // Adult brains are roughly 1.0-1.7 litres; a wrong shape, type or spacing lands far outside.
        XCTAssertTrue((900...1900).contains(brain), "brain volume \(brain) ml")
    }

    func testRGBDatatypeIsRejectedByName() throws {
        var bytes = try nifti1Header(datatype: 128, bitpix: 24)
        bytes += [UInt8](repeating: 0, count: 4 * 3)
        XCTAssertThrowsError(try NIfTIReader.read(bytes)) { error in
            guard case let ImagingError.unsupported(_, field, value, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "datatype")
            XCTAssertTrue(value.contains("RGB24"))
        }
    }

    func testHeaderClaimingHugeDimensionsIsRefusedBeforeAllocation() throws {
        // Beyond the decode budget: refused by the budget, whatever the file holds.
        var huge = try nifti1Header(datatype: 16, bitpix: 32, dims: [3, 32767, 32767, 32767])
        huge += [UInt8](repeating: 0, count: 64)
        XCTAssertThrowsError(try NIfTIReader.read(huge)) { error in
            guard case ImagingError.overBudget = error else { return XCTFail("\(error)") }
        }
        // Within the budget but more than the file holds: refused as implausible before allocating.
        var short = try nifti1Header(datatype: 16, bitpix: 32, dims: [3, 64, 64, 64])
        short += [UInt8](repeating: 0, count: 64)
        XCTAssertThrowsError(try NIfTIReader.read(short)) { error in
            guard case ImagingError.implausibleSize = error else { return XCTFail("\(error)") }
        }
    }

    func testDamagedFilesGiveTypedErrors() throws {
        let gz = try TestSupport.readBytes(try TestSupport.requireFile(Self.nibabelData + "/example_nifti2.nii.gz"))
        var damaged = gz
        for i in stride(from: 2000, to: 2400, by: 7) { damaged[i] ^= 0xA5 }
        XCTAssertThrowsError(try NIfTIReader.read(damaged, source: "damaged.nii.gz")) { error in
            switch error as? ImagingError {
            case .corruptCompressedData?, .truncated?: break
            default: XCTFail("\(error)")
            }
        }
        let plain = try TestSupport.readBytes(try TestSupport.requireFile(Self.nibabelData + "/functional.nii"))
        XCTAssertThrowsError(try NIfTIReader.read(Array(plain.prefix(plain.count / 2)), source: "half.nii")) { error in
            guard case ImagingError.implausibleSize = error else { return XCTFail("\(error)") }
        }
        var wrongMagic = plain
        wrongMagic[0] = 0x99
        XCTAssertThrowsError(try NIfTIReader.read(wrongMagic, source: "bad.nii")) { error in
            guard case ImagingError.wrongMagic = error else { return XCTFail("\(error)") }
        }
    }

    /// A minimal single-file NIfTI-1 header, little endian.
    private func nifti1Header(datatype: Int16, bitpix: Int16, dims: [Int16] = [2, 2, 2]) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 352)
        func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
            for i in 0..<MemoryLayout<T>.size { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
        }
        put(Int32(348), at: 0)
        for (i, dim) in dims.enumerated() { put(dim, at: 40 + 2 * i) }
        put(datatype, at: 70)
        put(bitpix, at: 72)
        put(Float(352).bitPattern, at: 108)
        bytes.replaceSubrange(344..<348, with: Array("n+1\0".utf8))
        return bytes
    }

    private func compareAll(in output: URL) throws -> Int {
        let records = try XCTUnwrap(TestSupport.readJSON(output.appendingPathComponent("index.json")) as? [[String: Any]])
        for record in records {
            let path = try XCTUnwrap(record["path"] as? String)
            let image = try NIfTIReader.read(path: path)
            XCTAssertEqual(image.shape, record["shape"] as? [Int], path)
            assertClose(image.zooms, try XCTUnwrap(record["zooms"] as? [Double]), tolerance: 1e-6, path + " zooms")
            assertClose(image.affine, try XCTUnwrap(record["affine"] as? [Double]), tolerance: 1e-5, path + " affine")
            let expected = try TestSupport.readFloat32(try XCTUnwrap(record["values"] as? String))
            XCTAssertEqual(image.values.count, expected.count, path)
            XCTAssertLessThanOrEqual(relativeError(image.values, expected, floor: 1), 1e-6, path)
        }
        return records.count
    }

    private func assertClose(_ ours: [Double], _ theirs: [Double], tolerance: Double, _ label: String) {
        XCTAssertEqual(ours.count, theirs.count, label)
        for (a, b) in zip(ours, theirs) where abs(a - b) > tolerance * max(1, abs(b)) {
            XCTFail("\(label): \(ours) != \(theirs)")
            return
        }
    }
}
