import Foundation
import TestFixtures
import XCTest
@testable import Imaging

/// Reorientation to RAS: the same voxels, axes and affine as nibabel's `as_closest_canonical`, and an exact way
/// back for predictions.
final class OrientationTests: XCTestCase {
    func testVolumesTurnToRASAsNibabelsClosestCanonicalDoes() throws {
        let output = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        try TestSupport.runReference("orientation_reference.py", module: "nibabel", arguments: [output.path])
        let records = try XCTUnwrap(TestSupport.readJSON(output.appendingPathComponent("index.json")) as? [[String: Any]])
        XCTAssertEqual(records.count, 16)
        var changed = 0
        for record in records {
            let path = try XCTUnwrap(record["path"] as? String)
            let volume = try ImageLoader.load(path: path)
            let affine = try XCTUnwrap(volume.affine, path)
            let orientation = AxisOrientation.closestCanonical(affine: affine)
            if !orientation.isIdentity { changed += 1 }
            let canonical = orientation.apply(volume)
            XCTAssertEqual([canonical.width, canonical.height, canonical.depth], record["shape"] as? [Int], path)
            XCTAssertEqual(canonical.pixels, try TestSupport.readFloat32(try XCTUnwrap(record["values"] as? String)), path)
            let expected = try XCTUnwrap(record["affine"] as? [Double])
            let worst = zip(try XCTUnwrap(canonical.affine), expected).map { abs($0 - $1) }.max() ?? .infinity
            XCTAssertLessThan(worst, 1e-4, "\(path): affine \(canonical.affine ?? []) vs \(expected)")
        }
        XCTAssertGreaterThanOrEqual(changed, 14, "the fixture turns almost every volume")
    }

    func testEveryPermutationAndFlipRoundTrips() {
        let shape = [3, 4, 5]
        let values = Array(0..<60)
        let permutations = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        for source in permutations {
            for bits in 0..<8 {
                let orientation = AxisOrientation(source: source, flipped: (0..<3).map { bits & (1 << $0) != 0 })
                let canonical = orientation.toCanonical(values, shape: shape)
                XCTAssertEqual(orientation.canonicalShape(shape), source.map { shape[$0] })
                XCTAssertEqual(Set(canonical), Set(values), "\(orientation) is a permutation of the voxels")
                XCTAssertEqual(orientation.toOriginal(canonical, shape: shape), values, "\(orientation)")
            }
        }
    }

    /// A sagittal volume (voxel x runs posterior, y inferior, z right-to-left) becomes axial slices on the working
    /// grid, and a label drawn on the file's own grid comes back to the same voxel after working-grid round trip.
    func testAReorientedVolumesLabelsMapBackVoxelForVoxel() {
        let (width, height, depth) = (6, 5, 4)
        // x → −A (posterior), y → −S (inferior), z → −R (left).
        let affine: [Double] = [0, 0, -1.5, 10,
                                -1.5, 0, 0, 20,
                                0, -2, 0, 30,
                                0, 0, 0, 1]
        let pixels = (0..<(width * height * depth)).map { Float($0) }
        let volume = ImageVolume(width: width, height: height, depth: depth, pixels: pixels,
                                 spacing: VoxelSpacing(x: 1.5, y: 2, z: 1.5), affine: affine)
        let orientation = AxisOrientation.closestCanonical(affine: affine)
        XCTAssertEqual(orientation, AxisOrientation(source: [2, 0, 1], flipped: [true, true, true]))
        // Working grid exactly twice the canonical in-plane size, so nearest-neighbour resizing is invertible (and
        // square pixels in millimetres, so the whole grid is the frame).
        let preprocessor = IngestPreprocessor(workingWidth: 2 * depth, workingHeight: 2 * width)
        let (working, geometry) = preprocessor.prepare(volume)
        XCTAssertEqual(working.depth, height, "slices run along S")
        XCTAssertEqual(geometry.originalDepth, depth)
        XCTAssertEqual(working.spacing, VoxelSpacing(x: 0.75, y: 0.75, z: 2))
        XCTAssertNil(geometry.frame)
        var label = [UInt8](repeating: 0, count: pixels.count)
        label[(3 * height + 2) * width + 1] = 1  // voxel (1, 2, 3) of the file
        let onWorking = geometry.labelsToWorking(label)
        XCTAssertEqual(onWorking.count, 2 * depth * 2 * width * height)
        XCTAssertEqual(onWorking.filter { $0 == 1 }.count, 4, "one voxel is 2×2 working pixels")
        XCTAssertEqual(geometry.labelsToOriginal(onWorking), label)
        XCTAssertEqual(geometry.valuesToOriginal(onWorking.map(Float.init)), label.map(Float.init))
        // The working voxel holding the label lies where the file's voxel (1, 2, 3) does, to within the grid.
        let index = onWorking.firstIndex(of: 1) ?? 0
        let plane = 2 * depth * 2 * width
        let (x, y, z) = (index % (2 * depth), (index % plane) / (2 * depth), index / plane)
        let expected = Self.world(affine, [1, 2, 3])
        let found = Self.world(working.affine ?? [], [Double(x), Double(y), Double(z)])
        for axis in 0..<3 { XCTAssertEqual(found[axis], expected[axis], accuracy: 1.0, "axis \(axis)") }
    }

    private static func world(_ affine: [Double], _ voxel: [Double]) -> [Double] {
        guard affine.count == 16 else { return [] }
        return (0..<3).map { row in
            var sum = affine[row * 4 + 3]
            for axis in 0..<3 { sum += affine[row * 4 + axis] * voxel[axis] }
            return sum
        }
    }

    func testPlanesAndVolumesWithoutAnAffineKeepTheirAxes() {
        let plane = ImageVolume(width: 4, height: 3, pixels: Array(repeating: 0.5, count: 12),
                                affine: [-1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
        XCTAssertNil(IngestPreprocessor(workingWidth: 8, workingHeight: 8).prepare(plane).geometry.orientation)
        let volume = ImageVolume(width: 4, height: 3, depth: 2, pixels: Array(repeating: 0.5, count: 24))
        XCTAssertNil(IngestPreprocessor(workingWidth: 8, workingHeight: 8).prepare(volume).geometry.orientation)
    }
}
