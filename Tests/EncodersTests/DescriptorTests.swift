import NumericSupport
import Encoders
import Engine
import XCTest

final class DescriptorTests: XCTestCase {
    /// A chest-film-like pattern: two dark "lungs" in a bright body, position and size set by `variant`.
    private func scan(side: Int = 256, variant: Float, shift: Int = 0, noise: Float = 0, seed: UInt64 = 1) -> GreyImage {
        var generator = SeededRandom(seed: seed)
        var pixels = [Float](repeating: 0, count: side * side)
        for y in 0..<side {
            for x in 0..<side {
                let u = Float(x - shift) / Float(side), v = Float(y) / Float(side)
                let left = pow((u - 0.3) / (0.12 + 0.1 * variant), 2) + pow((v - 0.5) / 0.3, 2)
                let right = pow((u - 0.7 + 0.2 * variant) / 0.12, 2) + pow((v - 0.5 + 0.2 * variant) / 0.3, 2)
                let value = min(left, right) < 1 ? 0.2 : 0.8 - 0.3 * v * variant
                pixels[y * side + x] = min(max(value + noise * generator.nextNormal(), 0), 1)
            }
        }
        return GreyImage(pixels: pixels, height: side, width: side)
    }

    func testShiftedNoisyCopyIsCloserThanDifferentImage() throws {
        let encoder = DescriptorEncoder()
        let embeddings = try encoder.embed(images: [scan(variant: 0), scan(variant: 0, shift: 4, noise: 0.05),
                                                    scan(variant: 1)])
        let copy = VectorMath.euclideanDistance(embeddings[0], embeddings[1])
        let different = VectorMath.euclideanDistance(embeddings[0], embeddings[2])
        XCTAssertLessThan(copy, different / 2, "copy \(copy) vs different \(different)")
    }

    func testDeterministicUnitLengthAndSized() throws {
        let encoder = DescriptorEncoder()
        let image = scan(side: 100, variant: 0.5)
        let first = try encoder.embed(images: [image])[0], second = try encoder.embed(images: [image])[0]
        XCTAssertEqual(first, second)
        XCTAssertEqual(first.count, encoder.outputDimension)
        XCTAssertEqual(first.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-5)
        XCTAssertTrue(first.allSatisfy(\.isFinite))
        // Tiny and constant images still give finite vectors.
        let flat = try encoder.embed(images: [GreyImage(pixels: [0.5, 0.5, 0.5, 0.5], height: 2, width: 2)])[0]
        XCTAssertTrue(flat.allSatisfy(\.isFinite))
    }

    func testRejectsMisshapenImage() {
        XCTAssertThrowsError(try DescriptorEncoder().embed(images: [GreyImage(pixels: [0, 1], height: 2, width: 2)])) {
            XCTAssertEqual($0 as? EncoderError, .invalidImage(index: 0, reason: "2 pixels do not fill 2×2"))
        }
    }

    func testVolumeEmbeddingAveragesCentralSlices() throws {
        let encoder = DescriptorEncoder()
        let slices = (0..<7).map { scan(side: 64, variant: Float($0) / 6) }
        let volume = slices.flatMap(\.pixels)
        XCTAssertEqual(DescriptorEncoder.centralSliceRange(depth: 7, count: 3), 2..<5)
        XCTAssertEqual(DescriptorEncoder.centralSliceRange(depth: 2, count: 5), 0..<2)
        let embedded = try encoder.embedVolume(volume, depth: 7, height: 64, width: 64, centralSlices: 3)
        let perSlice = try encoder.embed(images: Array(slices[2..<5]))
        let mean = (0..<encoder.outputDimension).map { i in perSlice.reduce(0) { $0 + $1[i] } / 3 }
        XCTAssertLessThan(VectorMath.euclideanDistance(embedded, VectorMath.l2Normalized(mean)), 1e-5)
    }

    /// The foreground aggregate sees the whole anatomy and ignores padding: the same five slices padded with
    /// empty slices on different sides embed identically, while the central mean moves with the padding; two
    /// volumes that differ only away from their middle are told apart.
    func testForegroundMeanMaxIgnoresPaddingAndSeesTheWholeVolume() throws {
        let encoder = DescriptorEncoder()
        let anatomy = (0..<5).map { scan(side: 64, variant: Float($0) / 4).pixels }
        let empty = [Float](repeating: 0, count: 64 * 64)
        let padded = { (before: Int, after: Int) in
            Array(repeating: empty, count: before).flatMap { $0 } + anatomy.flatMap { $0 }
                + Array(repeating: empty, count: after).flatMap { $0 }
        }
        let (early, late) = (padded(1, 6), padded(6, 1))
        XCTAssertEqual(DescriptorEncoder.foregroundSliceIndices(early, depth: 12, plane: 64 * 64), Array(1..<6))
        let aggregate = { (volume: [Float]) in
            encoder.meanMaxEmbedding(try encoder.embed(images: encoder.foregroundSlices(volume, depth: 12, height: 64, width: 64)))
        }
        let first = try aggregate(early), second = try aggregate(late)
        XCTAssertEqual(first.count, 2 * encoder.outputDimension)
        XCTAssertEqual(first.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-4)
        XCTAssertLessThan(VectorMath.euclideanDistance(first, second), 1e-6)
        let central = { (volume: [Float]) in try encoder.embedVolume(volume, depth: 12, height: 64, width: 64, centralSlices: 3) }
        XCTAssertGreaterThan(VectorMath.euclideanDistance(try central(early), try central(late)), 0.1)

        // Same middle, different end slices: the central mean cannot tell them apart, the aggregate can.
        var altered = anatomy
        altered[0] = scan(side: 64, variant: 1, shift: 20).pixels
        let other = altered.flatMap { $0 }, original = anatomy.flatMap { $0 }
        let centralOf = { (volume: [Float]) in try encoder.embedVolume(volume, depth: 5, height: 64, width: 64, centralSlices: 1) }
        XCTAssertLessThan(VectorMath.euclideanDistance(try centralOf(original), try centralOf(other)), 1e-6)
        let wholeOf = { (volume: [Float]) in
            encoder.meanMaxEmbedding(try encoder.embed(images: encoder.foregroundSlices(volume, depth: 5, height: 64, width: 64)))
        }
        XCTAssertGreaterThan(VectorMath.euclideanDistance(try wholeOf(original), try wholeOf(other)), 0.01)
    }

    func testForegroundSlicesAreSpreadEvenlyWhenThereAreMany() {
        let encoder = DescriptorEncoder()
        let volume = [Float](repeating: 0.5, count: 200 * 4)
        let chosen = encoder.foregroundSlices(volume, depth: 200, height: 2, width: 2, limit: 5)
        XCTAssertEqual(chosen.count, 5)
        XCTAssertEqual(DescriptorEncoder.foregroundSliceIndices([Float](repeating: 0, count: 12), depth: 3, plane: 4), [0, 1, 2])
    }
}
