import Foundation
import XCTest
@testable import Imaging

final class NormalizationTests: XCTestCase {
    private var index: [String: Any] = [:]
    private var output: URL?

    override func setUpWithError() throws {
        let directory = try TestSupport.sharedFile("data/cxr-lungs")
        let output = try TestSupport.temporaryDirectory()
        self.output = output
        try TestSupport.runReference("normalization_reference.py", module: "PIL",
                                     arguments: [output.path, directory + "/images/001.png", directory + "/masks/001.png"])
        index = try XCTUnwrap(TestSupport.readJSON(output.appendingPathComponent("index.json")) as? [String: Any])
    }

    override func tearDown() {
        if let output { try? FileManager.default.removeItem(at: output) }
    }

    private func entry(_ key: String) throws -> [String: Any] { try XCTUnwrap(index[key] as? [String: Any]) }

    func testBilinearUpsamplingMatchesPillow() throws {
        let up = try entry("upsample")
        let input = ImageVolume(width: 37, height: 29, pixels: try TestSupport.readFloat32(try XCTUnwrap(up["input"] as? String)))
        let ours = Resampling.resize(input, width: 80, height: 61)
        let pillow = try TestSupport.readFloat32(try XCTUnwrap(up["output"] as? String))
        XCTAssertEqual(ours.pixels.count, pillow.count)
        XCTAssertLessThan(maxDifference(ours.pixels, pillow), 1e-3)
    }

    func testAreaDownsamplingMatchesPillowBoxAtIntegerFactors() throws {
        let down = try entry("downsample")
        let width = try XCTUnwrap(down["width"] as? Int), height = try XCTUnwrap(down["height"] as? Int)
        let input = ImageVolume(width: width, height: height,
                                pixels: try TestSupport.readFloat32(try XCTUnwrap(down["input"] as? String)),
                                spacing: VoxelSpacing(x: 0.5, y: 0.25, z: 1))
        for output in try XCTUnwrap(down["outputs"] as? [[String: Any]]) {
            let factor = try XCTUnwrap(output["factor"] as? Int)
            let ours = Resampling.resize(input, width: width / factor, height: height / factor)
            let pillow = try TestSupport.readFloat32(try XCTUnwrap(output["output"] as? String))
            XCTAssertLessThan(maxDifference(ours.pixels, pillow), 1e-3, "factor \(factor)")
            XCTAssertEqual(ours.spacing, VoxelSpacing(x: 0.5 * Double(factor), y: 0.25 * Double(factor), z: 1))
        }
    }

    func testGreyConversionMatchesPillowWithinRounding() throws {
        let grey = try entry("grey")
        let rgb = try TestSupport.readBytes(try XCTUnwrap(grey["input"] as? String)).map(Float.init)
        let ours = IntensityNormalization.toGrey(ImageVolume(width: 17, height: 13, channels: 3, pixels: rgb))
        let pillow = try TestSupport.readBytes(try XCTUnwrap(grey["output"] as? String)).map(Float.init)
        XCTAssertEqual(ours.channels, 1)
        XCTAssertLessThanOrEqual(maxDifference(ours.pixels, pillow), 0.5 + 1e-3)
    }

    func testNearestNeighbourMasksMatchPillowInBothDirections() throws {
        let masks = try entry("masks")
        let width = try XCTUnwrap(masks["width"] as? Int), height = try XCTUnwrap(masks["height"] as? Int)
        let mask = try TestSupport.readBytes(try XCTUnwrap(masks["input"] as? String))
        let working = Resampling.resizeLabels(mask, width: width, height: height, toWidth: 256, toHeight: 256)
        XCTAssertTrue(working == (try TestSupport.readBytes(try XCTUnwrap(masks["working"] as? String))))
        let record = GeometryRecord(originalWidth: width, originalHeight: height, depth: 1, workingWidth: 256,
                                    workingHeight: 256, scaleX: Double(width) / 256, scaleY: Double(height) / 256,
                                    clipLow: 0, clipHigh: 1)
        XCTAssertTrue(record.labelsToWorking(mask) == working)
        XCTAssertTrue(record.labelsToOriginal(working) == (try TestSupport.readBytes(try XCTUnwrap(masks["back"] as? String))))
        XCTAssertEqual(Set(working), Set(mask), "nearest neighbour invents no labels")
    }

    func testPercentilesMatchNumpy() throws {
        let entry = try entry("percentiles")
        let sample = try TestSupport.readFloat32(try XCTUnwrap(entry["input"] as? String))
        let percents = try XCTUnwrap(entry["percents"] as? [Double])
        let expected = try XCTUnwrap(entry["values"] as? [Double])
        for (percent, value) in zip(percents, expected) {
            XCTAssertEqual(Double(try XCTUnwrap(IntensityNormalization.percentile(sample, percent))), value,
                           accuracy: 1e-4, "percentile \(percent)")
        }
        XCTAssertNil(IntensityNormalization.percentile([.nan, .infinity], 50))
    }

    func testPreprocessorProducesWorkingGridAndARecordThatMapsBack() throws {
        let xray = try ImageLoader.load(path: try TestSupport.sharedFile("data/cxr-lungs/images/001.png"))
        let (working, record) = IngestPreprocessor().prepare(xray)
        XCTAssertEqual([working.width, working.height, working.depth], [256, 256, 1])
        XCTAssertEqual(working.pixels.min() ?? -1, 0, accuracy: 1e-6)
        XCTAssertEqual(working.pixels.max() ?? 2, 1, accuracy: 1e-6)
        // The clip points cut off about 0.5 % of the pixels at each end (ties at 0 and 255 may hold more).
        let above = Double(xray.pixels.filter { $0 > record.clipHigh }.count) / Double(xray.pixels.count)
        let below = Double(xray.pixels.filter { $0 < record.clipLow }.count) / Double(xray.pixels.count)
        XCTAssertLessThanOrEqual(above, 0.005 + 1e-9)
        XCTAssertLessThanOrEqual(below, 0.005 + 1e-9)
        XCTAssertLessThan(record.clipLow, record.clipHigh)
        XCTAssertEqual([record.originalWidth, record.originalHeight], [xray.width, xray.height])
        let mask = [UInt8](repeating: 1, count: 256 * 256)
        XCTAssertEqual(record.labelsToOriginal(mask).count, xray.width * xray.height)

        let brain = try ImageLoader.load(path: try TestSupport.requireFile("/usr/share/mricron/templates/ch2bet.nii.gz"))
        let (volume, geometry) = IngestPreprocessor().prepare(brain)
        XCTAssertEqual(volume.depth, brain.depth, "volumes keep their slice count")
        // Aspect kept: the larger in-plane side fills the 256 pixels, both ways at one spacing.
        let side = max(Double(brain.width) * (brain.spacing?.x ?? 0), Double(brain.height) * (brain.spacing?.y ?? 0))
        XCTAssertEqual(geometry.workingSpacing?.x ?? 0, side / 256, accuracy: 1e-2)
        XCTAssertEqual(geometry.workingSpacing?.y ?? 0, side / 256, accuracy: 1e-2)
        XCTAssertEqual(geometry.workingSpacing?.z, brain.spacing?.z)
    }

    private func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        guard a.count == b.count else { return .infinity }
        var worst: Float = 0
        for i in a.indices { worst = max(worst, abs(a[i] - b[i])) }
        return worst
    }
}
