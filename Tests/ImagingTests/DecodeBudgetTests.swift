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
}
