import Foundation
import XCTest
@testable import Imaging

/// Small files whose headers claim enormous images are refused before anything of that size is allocated.
final class DecodeBudgetTests: XCTestCase {
    func testEveryDecoderRefusesWhatExceedsTheBudgetBeforeAllocating() throws {
        let output = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        try TestSupport.runReference("decode_bombs.py", module: "nibabel", arguments: [output.path])
        func expectOverBudget(_ name: String, _ body: () throws -> Void) {
            XCTAssertThrowsError(try body(), name) { error in
                guard case ImagingError.overBudget(let file, _, let needed, let budget) = error else {
                    return XCTFail("\(name): \(error)")
                }
                XCTAssertTrue(file.hasSuffix(name), file)
                XCTAssertGreaterThan(needed, budget)
                XCTAssertTrue(String(describing: error).contains("budget"), "\(error)")
            }
        }
        expectOverBudget("huge.png") { _ = try ImageLoader.load(path: output.appendingPathComponent("huge.png").path) }
        expectOverBudget("frames.dcm") { _ = try ImageLoader.load(path: output.appendingPathComponent("frames.dcm").path) }
        // The NIfTI itself is tiny; its 32,767 slices on the working grid are not.
        let tall = output.appendingPathComponent("tall.nii.gz").path
        let volume = try ImageLoader.load(path: tall)
        XCTAssertEqual(volume.depth, 32767)
        expectOverBudget("tall.nii.gz") { try IngestPreprocessor().requireWithinBudget(volume, source: tall) }
        let series = ImageVolume(width: 1, height: 1, depth: 300, channels: 1, pixels: [Float](repeating: 0, count: 300))
        XCTAssertNoThrow(try IngestPreprocessor().requireWithinBudget(series, source: "ct"),
                         "a 300-slice series fits on the working grid")
    }

    /// The drop folder groups files by header before claiming them: that read takes the front of the file only, so a
    /// multi-GB file costs a megabyte there, and the whole-file read after the claim refuses it by size.
    func testHeadersAreReadFromTheFrontAndHugeFilesAreRefusedBySize() throws {
        let folder = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try TestSupport.readBytes(try DICOMTests.pydicomFile("CT_small.dcm"))
        // Half the pixel data missing: the header is all there, so the header read must not need the rest.
        let cut = folder.appendingPathComponent("cut.dcm").path
        FileManager.default.createFile(atPath: cut, contents: Data(original.prefix(original.count - 16_000)))
        XCTAssertEqual(try DICOMReader.readHeader(path: cut).modality, "CT")
        XCTAssertThrowsError(try DICOMReader.read(path: cut), "the full read still finds the pixels missing")
        // 3 GB on disk (sparse): header read in a megabyte, whole-file read refused before reading.
        let huge = folder.appendingPathComponent("huge.dcm").path
        FileManager.default.createFile(atPath: huge, contents: Data(original))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: huge))
        try handle.truncate(atOffset: 3 << 30)
        try handle.close()
        XCTAssertEqual(try DICOMReader.readHeader(path: huge).sopInstanceUID,
                       try DICOMReader.readHeader(path: try DICOMTests.pydicomFile("CT_small.dcm")).sopInstanceUID)
        XCTAssertThrowsError(try BudgetedFile.read(huge)) { error in
            guard case ImagingError.overBudget(_, let field, let needed, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "file size")
            XCTAssertEqual(needed, 3 << 30)
        }
    }
}
