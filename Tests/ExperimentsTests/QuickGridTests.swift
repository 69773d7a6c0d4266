@testable import Experiments
import Foundation
import Imaging
import XCTest

/// The quick runs' working grid: planes keep 128², volumes are not upsampled past their largest side.
final class QuickGridTests: XCTestCase {
    private func volume(_ width: Int, _ height: Int, _ depth: Int) -> ImageVolume {
        ImageVolume(width: width, height: height, depth: depth, pixels: [Float](repeating: 0, count: width * height * depth))
    }

    func testVolumesGetThePowerOfTwoHoldingTheirLargestSideWithinBounds() {
        XCTAssertEqual(QuickGrid.side(for: volume(300, 200, 1)), 128, "a plane keeps the plane grid")
        XCTAssertEqual(QuickGrid.side(for: volume(35, 50, 35)), 64)
        XCTAssertEqual(QuickGrid.side(for: volume(64, 40, 20)), 64, "a side that is a power of two is kept")
        XCTAssertEqual(QuickGrid.side(for: volume(10, 12, 8)), 32, "never below the minimum")
        XCTAssertEqual(QuickGrid.side(for: volume(512, 512, 300)), 128, "never above the plane grid")
    }

    func testAManifestIsJudgedByItsFirstReadableImage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quick-grid-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (width, height, depth) = (35, 50, 20)
        let affine: [Double] = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]
        let bytes = try NIfTIWriter.labels([UInt8](repeating: 1, count: width * height * depth), width: width,
                                           height: height, depth: depth, affine: affine, source: "test")
        FileManager.default.createFile(atPath: folder + "/v.nii", contents: Data(bytes))
        FileManager.default.createFile(atPath: folder + "/broken.nii", contents: Data("not an image".utf8))
        try "image,mask\nbroken.nii,v.nii\nv.nii,v.nii\n".write(toFile: folder + "/manifest.csv", atomically: true, encoding: .utf8)
        XCTAssertEqual(try QuickGrid.side(forManifest: folder + "/manifest.csv"), 64, "an unreadable first file is passed over")
        try "image,mask\nbroken.nii,v.nii\n".write(toFile: folder + "/broken.csv", atomically: true, encoding: .utf8)
        XCTAssertEqual(try QuickGrid.side(forManifest: folder + "/broken.csv"), QuickGrid.planeSide)
        XCTAssertThrowsError(try QuickGrid.side(forManifest: folder + "/missing.csv"), "a missing manifest is an error")
    }
}
