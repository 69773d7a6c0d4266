import Foundation
import NumericSupport
import XCTest
@testable import Imaging

/// Volumes keep their aspect (and, with a project spacing, one physical scale) on the working grid, and are
/// normalised by what they are: foreground z-score for MR-like volumes, the HU window for CT.
final class VolumePreprocessingTests: XCTestCase {
    /// A disc of `radiusMM` around the centre of a `width` × `height` × `depth` grid of `sx` × `sy` mm pixels.
    private func disc(width: Int, height: Int, depth: Int, sx: Double, sy: Double, radiusMM: Double) -> [Float] {
        var values = [Float](repeating: 0, count: width * height * depth)
        for z in 0..<depth {
            for y in 0..<height {
                for x in 0..<width {
                    let dx = (Double(x) + 0.5 - Double(width) / 2) * sx, dy = (Double(y) + 0.5 - Double(height) / 2) * sy
                    if dx * dx + dy * dy <= radiusMM * radiusMM { values[(z * height + y) * width + x] = 1 }
                }
            }
        }
        return values
    }

    /// Columns and rows of slice 0 that hold any foreground.
    private func extent(_ values: [Float], width: Int, height: Int) -> (columns: Int, rows: Int) {
        var columns = Set<Int>(), rows = Set<Int>()
        for y in 0..<height {
            for x in 0..<width where values[y * width + x] > 0.5 {
                columns.insert(x)
                rows.insert(y)
            }
        }
        return (columns.count, rows.count)
    }

    /// Whether a pixel differs from one of its four in-plane neighbours.
    private func isEdge(_ index: Int, of values: [Float], width: Int, height: Int) -> Bool {
        let x = index % width, y = (index / width) % height
        let neighbours: [Int] = [x > 0 ? index - 1 : index, x + 1 < width ? index + 1 : index,
                                 y > 0 ? index - width : index, y + 1 < height ? index + width : index]
        return neighbours.contains { values[$0] != values[index] }
    }

    func testAnAnisotropicVolumeKeepsItsAspectAndItsMasksMapBack() {
        // 40 × 10 pixels of 1 × 2 mm: 40 × 20 mm. A disc of 8 mm radius is an ellipse in pixels.
        let (width, height, depth) = (40, 10, 3)
        let mask = disc(width: width, height: height, depth: depth, sx: 1, sy: 2, radiusMM: 8)
        let volume = ImageVolume(width: width, height: height, depth: depth, pixels: mask,
                                 spacing: VoxelSpacing(x: 1, y: 2, z: 3))
        let (working, record) = IngestPreprocessor(workingWidth: 32, workingHeight: 32, intensity: .percentile)
            .prepare(volume)

        XCTAssertEqual(record.frame, WorkingFrame(x: 0, y: -5, width: 40, height: 20),
                       "the 40 mm side fills the grid, the 20 mm side is padded by 5 mm rows above and below")
        XCTAssertEqual(working.spacing?.x ?? 0, 1.25, accuracy: 1e-9)
        XCTAssertEqual(working.spacing?.y ?? 0, 1.25, accuracy: 1e-9, "working pixels are square in millimetres")
        XCTAssertEqual(record.workingSpacing?.z, 3, "slices are kept")
        let seen = extent(working.pixels, width: 32, height: 32)
        XCTAssertLessThanOrEqual(abs(seen.columns - seen.rows), 1, "the disc stays round: \(seen)")
        XCTAssertEqual(Double(seen.columns), 16 / 1.25, accuracy: 1.5)
        XCTAssertEqual(working.pixels[0..<(32 * 7)].max(), 0, "the padding above the volume is background")

        let back = record.labelsToOriginal(record.labelsToWorking(mask))
        XCTAssertEqual(back.count, mask.count)
        let differing = zip(back, mask).filter { $0 != $1 }.count
        let boundary = mask.indices.filter { isEdge($0, of: mask, width: width, height: height) }.count
        XCTAssertLessThanOrEqual(differing, boundary, "a round trip changes at most the disc's edge pixels")
        let probabilities = record.valuesToOriginal(working.pixels)
        XCTAssertEqual(probabilities.count, mask.count)
        XCTAssertGreaterThan(probabilities[(height / 2) * width + width / 2], 0.9, "the centre maps back to the centre")
    }

    func testAProjectSpacingCropsAndPadsAroundTheCentre() {
        // 64 × 16 pixels of 0.5 mm onto 16 × 16 working pixels of 1 mm: 32 × 32 source pixels around the centre.
        let (width, height, depth) = (64, 16, 2)
        var labels = [Float](repeating: 0, count: width * height * depth)
        labels[5 * width + 1] = 1  // left of the crop
        for y in 6..<10 { for x in 30..<34 { labels[y * width + x] = 2 } }  // in the centre
        let volume = ImageVolume(width: width, height: height, depth: depth, pixels: labels,
                                 spacing: VoxelSpacing(x: 0.5, y: 0.5, z: 2))
        let (working, record) = IngestPreprocessor(workingWidth: 16, workingHeight: 16, targetSpacing: 1).prepare(volume)

        XCTAssertEqual(record.frame, WorkingFrame(x: 16, y: -8, width: 32, height: 32))
        XCTAssertEqual(working.spacing?.x ?? 0, 1, accuracy: 1e-9)
        XCTAssertEqual(working.spacing?.y ?? 0, 1, accuracy: 1e-9)
        let back = record.labelsToOriginal(record.labelsToWorking(labels))
        XCTAssertEqual(back[5 * width + 1], 0, "what the frame cropped comes back as background")
        XCTAssertEqual(back.filter { $0 == 2 }.count, 16, "the centre block comes back whole")
        XCTAssertEqual(back[7 * width + 31], 2)
    }

    func testPlanesAndSquareVolumesAreNotFramed() {
        let plane = ImageVolume(width: 30, height: 10, pixels: (0..<300).map(Float.init), spacing: VoxelSpacing(x: 1, y: 1, z: 1))
        XCTAssertNil(IngestPreprocessor(workingWidth: 16, workingHeight: 16).prepare(plane).geometry.frame,
                     "planes are stretched to the working square as before")
        let cube = ImageVolume(width: 8, height: 8, depth: 2, pixels: (0..<128).map(Float.init), spacing: VoxelSpacing(x: 1, y: 1, z: 1))
        XCTAssertNil(IngestPreprocessor(workingWidth: 16, workingHeight: 16).prepare(cube).geometry.frame)
    }

    func testForegroundZScoreIgnoresHowMuchBackgroundSurroundsTheBody() throws {
        var generator = SeededRandom(seed: 7)
        // A 16³ "body" of mean 100, sd 10 (Box-Muller), inside zero background; then the same body in a field of
        // view twice as wide.
        let body: [Float] = (0..<(16 * 16 * 16)).map { _ in
            let u = Double.random(in: 1e-9..<1, using: &generator), v = Double.random(in: 0..<1, using: &generator)
            return Float(100 + 10 * (-2 * log(u)).squareRoot() * cos(2 * .pi * v))
        }
        func embedded(side: Int) -> [Float] {
            var values = [Float](repeating: 0, count: side * side * 16)
            let offset = (side - 16) / 2
            for z in 0..<16 { for y in 0..<16 { for x in 0..<16 {
                values[(z * side + y + offset) * side + x + offset] = body[(z * 16 + y) * 16 + x]
            } } }
            return values
        }
        let narrow = try XCTUnwrap(IntensityNormalization.foregroundRange(embedded(side: 24)))
        let wide = try XCTUnwrap(IntensityNormalization.foregroundRange(embedded(side: 48)))
        XCTAssertEqual(narrow.low, wide.low, accuracy: 1e-3, "the background's share does not move the range")
        XCTAssertEqual(narrow.high, wide.high, accuracy: 1e-3)
        XCTAssertEqual((narrow.low + narrow.high) / 2, 100, accuracy: 1, "the body's mean maps to 0.5")
        XCTAssertEqual(narrow.high - narrow.low, 60, accuracy: 3, "± 3 sd")
        let percentileNarrow = try XCTUnwrap(IntensityNormalization.percentile(embedded(side: 24), 99.5))
        let percentileWide = try XCTUnwrap(IntensityNormalization.percentile(embedded(side: 48), 99.5))
        XCTAssertGreaterThan(abs(percentileNarrow - percentileWide), 1, "percentiles do move with the background")

        let volume = ImageVolume(width: 48, height: 48, depth: 16, pixels: embedded(side: 48),
                                 spacing: VoxelSpacing(x: 1, y: 1, z: 1))
        let record = IngestPreprocessor(workingWidth: 16, workingHeight: 16).prepare(volume).geometry
        XCTAssertEqual(record.intensity, .foregroundZScore, "auto: a volume that is not CT")
        XCTAssertEqual(record.clipLow, wide.low, accuracy: 1e-3)
    }

    func testCTIsWindowedInHounsfieldUnits() throws {
        let ct = try ImageLoader.load(path: try TestSupport.requireFile(
            "/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm"))
        XCTAssertEqual(ct.modality, "CT", "the DICOM modality travels with the volume")
        let (working, record) = IngestPreprocessor(workingWidth: 32, workingHeight: 32).prepare(ct)
        XCTAssertEqual(record.intensity, .ctWindow)
        XCTAssertEqual([record.clipLow, record.clipHigh], [-160, 240])
        XCTAssertEqual(working.pixels.min() ?? -1, 0)
        XCTAssertEqual(working.pixels.max() ?? -1, 1)

        let ramp = ImageVolume(width: 3, height: 1, depth: 2, pixels: [-160, 40, 240, -1000, 1000, 0],
                               spacing: VoxelSpacing(x: 1, y: 3, z: 1), modality: "CT")
        let framed = IngestPreprocessor(workingWidth: 3, workingHeight: 1, intensity: .ctWindow, ctWindow: (-160, 240))
        let scaled = IntensityNormalization.clipAndScale(ramp, low: framed.ctWindow.low, high: framed.ctWindow.high)
        for (value, expected) in zip(scaled.pixels, [0, 0.5, 1, 0, 1, 0.4] as [Float]) {
            XCTAssertEqual(value, expected, accuracy: 1e-6)
        }
        XCTAssertEqual(IntensityMethod.auto.resolved(for: ramp), .ctWindow)
        XCTAssertEqual(IntensityMethod.percentile.resolved(for: ramp), .percentile, "an explicit choice wins")
    }
}
