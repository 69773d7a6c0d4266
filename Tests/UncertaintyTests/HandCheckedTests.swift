import Foundation
@testable import Uncertainty
import XCTest

/// Binary entropy in nats, written out here independently of the library.
func referenceEntropy(_ p: Double) -> Double {
    let q = min(max(p, 1e-7), 1 - 1e-7)
    return -q * log(q) - (1 - q) * log(1 - q)
}

final class HandCheckedTests: XCTestCase {
    func testUniformBinaryMapScoresLnTwoForEveryReduction() throws {
        let maps = try ProbabilityMaps.binary(Array(repeating: 0.5, count: 12 * 9), spatialShape: [12, 9])
        let mean = try ScanUncertainty.score(maps)
        XCTAssertEqual(try XCTUnwrap(mean.value), log(2), accuracy: 1e-12)
        XCTAssertEqual(mean.pixels, 108)
        XCTAssertEqual(try XCTUnwrap(ScanUncertainty.score(maps, options: .init(reduction: .max)).value), log(2),
                       accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(ScanUncertainty.score(maps, options: .init(reduction: .sum)).value),
                       108 * log(2), accuracy: 1e-9)
    }

    func testUniformCategoricalMapScoresLnC() throws {
        let maps = try ProbabilityMaps.categorical(Array(repeating: 0.25, count: 4 * 6 * 5), classes: 4,
                                                   spatialShape: [6, 5])
        XCTAssertEqual(try XCTUnwrap(ScanUncertainty.score(maps).value), log(4), accuracy: 1e-7)
    }

    func testConfidentPredictionsScoreNearZeroButFinite() throws {
        let values: [Float] = (0..<40).map { $0 % 3 == 0 ? 1 : 0 }
        let score = try XCTUnwrap(ScanUncertainty.score(.binary(values, spatialShape: [5, 8])).value)
        XCTAssertLessThan(score, 1e-5)
        // Clamping to [1e-7, 1 − 1e-7] keeps the logs finite: every pixel sits exactly at the clamp.
        XCTAssertEqual(score, referenceEntropy(0), accuracy: 1e-12)
        XCTAssertGreaterThan(score, 0)
    }

    func testChannelsLastEqualsChannelsFirst() throws {
        let (classes, rows, columns, passes) = (3, 4, 5, 2)
        let pixels = rows * columns
        let first: [Float] = (0..<(passes * classes * pixels)).map { i in
            let pixel = i % pixels, c = (i / pixels) % classes, pass = i / (pixels * classes)
            return Float(1 + c + (pixel + pass) % 3) / Float(classes * 3 + 6)
        }
        var last = [Float](repeating: 0, count: first.count)
        for pass in 0..<passes {
            for c in 0..<classes {
                for pixel in 0..<pixels {
                    last[(pass * pixels + pixel) * classes + c] = first[(pass * classes + c) * pixels + pixel]
                }
            }
        }
        let a = try ProbabilityMaps.categorical(first, classes: classes, spatialShape: [rows, columns], passes: passes)
        let b = try ProbabilityMaps.categorical(last, classes: classes, spatialShape: [rows, columns], passes: passes,
                                                layout: .channelsLast)
        for measure in [UncertaintyOptions.Measure.entropy, .mutualInformation] {
            XCTAssertEqual(try ScanUncertainty.pixelMap(a, measure: measure),
                           try ScanUncertainty.pixelMap(b, measure: measure))
        }
    }

    func testMutualInformationIsZeroWhenPassesAgreeAndPositiveWhenTheyDisagree() throws {
        let pixels = 6 * 7
        let agreeing = try ProbabilityMaps.binary(Array(repeating: 0.3, count: 3 * pixels), spatialShape: [6, 7],
                                                  passes: 3)
        let bald = UncertaintyOptions(measure: .mutualInformation)
        XCTAssertEqual(try XCTUnwrap(ScanUncertainty.score(agreeing, options: bald).value), 0, accuracy: 1e-12)

        let disagreeing = try ProbabilityMaps.binary(Array(repeating: 0.1, count: pixels)
                                                     + Array(repeating: 0.9, count: pixels),
                                                     spatialShape: [6, 7], passes: 2)
        let information = try XCTUnwrap(ScanUncertainty.score(disagreeing, options: bald).value)
        XCTAssertEqual(information, log(2) - referenceEntropy(0.1), accuracy: 1e-6)
        XCTAssertGreaterThan(information, 0.1)
        // The entropy is taken on the mean prediction (0.5), not averaged over passes.
        XCTAssertEqual(try XCTUnwrap(ScanUncertainty.score(disagreeing).value), log(2), accuracy: 1e-7)
    }

    func testBandAroundSquareCoversExactlyThePixelsNearTheBoundary() throws {
        let (rows, columns) = (20, 24)
        // Square of p = 0.8 on a background of p = 0.05: two entropies, so the mean reveals which pixels counted.
        let inside = { (y: Int, x: Int) in (6..<13).contains(y) && (5..<15).contains(x) }
        let values: [Float] = (0..<(rows * columns)).map { inside($0 / columns, $0 % columns) ? 0.8 : 0.05 }
        let maps = try ProbabilityMaps.binary(values, spatialShape: [rows, columns])
        for width in 0...3 {
            let expected = bandByDefinition(shape: [rows, columns], width: width) { inside($0[0], $0[1]) }
            let score = try ScanUncertainty.score(maps, options: .init(region: .boundaryBand(width: width)))
            XCTAssertEqual(score.pixels, expected.inside + expected.outside, "width \(width)")
            let mean = (Double(expected.inside) * referenceEntropy(Double(Float(0.8)))
                + Double(expected.outside) * referenceEntropy(Double(Float(0.05)))) / Double(score.pixels)
            XCTAssertEqual(try XCTUnwrap(score.value), mean, accuracy: 1e-9, "width \(width)")
        }
        // Width 0 is the two one-pixel rings either side of the edge: 2·(7 + 10) − 4 inside, 2·(7 + 10) outside.
        XCTAssertEqual(try ScanUncertainty.score(maps, options: .init(region: .boundaryBand(width: 0))).pixels, 64)
    }

    func testBandInVolumeUsesSixNeighbours() throws {
        let shape = [7, 8, 9]
        let inside = { (p: [Int]) in (2..<5).contains(p[0]) && (3..<6).contains(p[1]) && (2..<7).contains(p[2]) }
        let values: [Float] = (0..<shape.reduce(1, *)).map { inside(coordinates($0, shape)) ? 0.7 : 0.2 }
        let maps = try ProbabilityMaps.binary(values, spatialShape: shape)
        for width in 0...2 {
            let expected = bandByDefinition(shape: shape, width: width, inside)
            let score = try ScanUncertainty.score(maps, options: .init(region: .boundaryBand(width: width)))
            XCTAssertEqual(score.pixels, expected.inside + expected.outside, "width \(width)")
        }
    }

    func testForegroundNeighbourhoodIsTheForegroundDilatedByCityBlockDistance() throws {
        let shape = [7, 9, 9]
        // One predicted foreground voxel (p = 0.9) in the middle: the city-block ball of radius w has
        // 1, 7, 25 voxels (1 + 6 + 18) for w = 0, 1, 2 (it fits inside the volume).
        let centre = (3 * 9 + 4) * 9 + 4
        let values: [Float] = (0..<shape.reduce(1, *)).map { $0 == centre ? 0.9 : 0.1 }
        let maps = try ProbabilityMaps.binary(values, spatialShape: shape)
        for (width, count) in [(0, 1), (1, 7), (2, 25)] {
            let score = try ScanUncertainty.score(maps, options: .init(region: .foregroundNeighbourhood(width: width)))
            XCTAssertEqual(score.pixels, count, "width \(width)")
            // Entropy of 0.9 and 0.1 is the same, so the mean is that entropy whatever the mix.
            XCTAssertEqual(try XCTUnwrap(score.value), referenceEntropy(Double(Float(0.9))), accuracy: 1e-6)
        }
        // A categorical prediction's foreground is every label but 0, here classes 1 and 2 side by side in 2-D.
        let (rows, columns) = (6, 8)
        var probabilities = [Float](repeating: 0, count: 3 * rows * columns)
        for pixel in 0..<(rows * columns) {
            let label = pixel == 2 * columns + 3 ? 1 : pixel == 2 * columns + 4 ? 2 : 0
            for c in 0..<3 { probabilities[c * rows * columns + pixel] = c == label ? 0.8 : 0.1 }
        }
        let categorical = try ProbabilityMaps.categorical(probabilities, classes: 3, spatialShape: [rows, columns])
        XCTAssertEqual(try ScanUncertainty.score(categorical, options: .init(region: .foregroundNeighbourhood(width: 1))).pixels,
                       2 + 6, "two voxels and the six 4-neighbours around the pair")
        XCTAssertThrowsError(try ScanUncertainty.score(maps, options: .init(region: .foregroundNeighbourhood(width: -1)))) {
            XCTAssertEqual($0 as? UncertaintyError, .invalidBandWidth(-1))
        }
        // No predicted foreground: nothing to score, not "certain".
        let empty = try ProbabilityMaps.binary(Array(repeating: 0.2, count: 30), spatialShape: [5, 6])
        XCTAssertNil(try ScanUncertainty.score(empty, options: .init(region: .foregroundNeighbourhood(width: 3))).value)
    }

    func testASliceOfAVolumesMapsKeepsEveryPassAndClass() throws {
        // [T=2, C=3, D=4, H=1, W=2]: each value encodes its own (t, c, d, x).
        let shape = [4, 1, 2]
        let values: [Float] = (0..<(2 * 3 * 4 * 2)).map { Float($0) / 100 }
        let maps = try ProbabilityMaps.categorical(values, classes: 3, spatialShape: shape, passes: 2)
        let slice = try maps.plane(2)
        XCTAssertEqual(slice.spatialShape, [1, 2])
        var expected: [Float] = []
        for block in 0..<6 {
            for x in 0..<2 { expected.append(Float(block * 8 + 2 * 2 + x) / 100) }
        }
        XCTAssertEqual(slice.values, expected)
        XCTAssertThrowsError(try maps.plane(4)) { XCTAssertEqual($0 as? UncertaintyError, .sliceOutOfRange(4, depth: 4)) }
    }

    func testBandOfAPredictionWithoutBoundaryIsEmptyNotZero() throws {
        let maps = try ProbabilityMaps.binary(Array(repeating: 0.2, count: 30), spatialShape: [5, 6])
        let score = try ScanUncertainty.score(maps, options: .init(region: .boundaryBand(width: 2)))
        XCTAssertNil(score.value)
        XCTAssertEqual(score.pixels, 0)
    }

    func testPredictedLabelThresholdsAtOneHalfAndBreaksTiesTowardsTheLowerClass() throws {
        XCTAssertEqual(PredictedLabel.at(channels: 1) { _ in 0.5 }, 1)
        XCTAssertEqual(PredictedLabel.at(channels: 1) { _ in 0.499 }, 0)
        let torn = [0.4, 0.4, 0.2], posterior = [0.2, 0.3, 0.5]
        XCTAssertEqual(PredictedLabel.at(channels: 3) { torn[$0] }, 0, "a tie with background stays background")
        XCTAssertEqual(PredictedLabel.at(channels: 3) { posterior[$0] }, 2)
        // The scores' label map follows the same rule pixel by pixel.
        let maps = try ProbabilityMaps.categorical((torn + posterior).map { Float($0) }, classes: 3, spatialShape: [1, 2],
                                                   layout: .channelsLast)
        XCTAssertEqual(PixelStatistics(maps).labels, [0, 2])
    }

    func testRejectsInconsistentInputsWithActionableMessages() throws {
        XCTAssertThrowsError(try ProbabilityMaps.binary([0.5, 0.5], spatialShape: [2, 2])) { error in
            XCTAssertEqual(error as? UncertaintyError,
                           .valueCountMismatch(expected: 4, actual: 2, layout: "[T=1] + [2, 2]"))
        }
        XCTAssertThrowsError(try ProbabilityMaps.categorical([0.5], classes: 1, spatialShape: [1, 1])) {
            XCTAssertEqual($0 as? UncertaintyError, .invalidClassCount(1))
        }
        XCTAssertThrowsError(try ProbabilityMaps.binary([], spatialShape: [0, 3])) {
            XCTAssertEqual($0 as? UncertaintyError, .unsupportedShape([0, 3]))
        }
        let single = try ProbabilityMaps.binary([0.5, 0.5, 0.5, 0.5], spatialShape: [2, 2])
        XCTAssertThrowsError(try ScanUncertainty.score(single, options: .init(measure: .mutualInformation))) {
            XCTAssertEqual($0 as? UncertaintyError, .mutualInformationNeedsSeveralPasses(passes: 1))
            XCTAssertTrue("\($0)".contains("MC dropout"))
        }
        XCTAssertThrowsError(try ScanUncertainty.score(single, options: .init(region: .boundaryBand(width: -1)))) {
            XCTAssertEqual($0 as? UncertaintyError, .invalidBandWidth(-1))
        }
    }

    /// Counts pixels within city-block distance `width` of a pixel whose face neighbour differs in `inside`,
    /// straight from the definition, split by which side of the mask they are on.
    private func bandByDefinition(shape: [Int], width: Int,
                                  _ inside: ([Int]) -> Bool) -> (inside: Int, outside: Int) {
        let points = (0..<shape.reduce(1, *)).map { coordinates($0, shape) }
        let boundary = points.filter { point in
            shape.indices.contains { axis in
                [-1, 1].contains { step in
                    var neighbour = point
                    neighbour[axis] += step
                    return neighbour[axis] >= 0 && neighbour[axis] < shape[axis] && inside(neighbour) != inside(point)
                }
            }
        }
        let band = points.filter { point in
            boundary.contains { zip($0, point).map { abs($0 - $1) }.reduce(0, +) <= width }
        }
        return (band.filter(inside).count, band.filter { !inside($0) }.count)
    }
}

func coordinates(_ index: Int, _ shape: [Int]) -> [Int] {
    var remainder = index
    return shape.reversed().map { extent in
        defer { remainder /= extent }
        return remainder % extent
    }.reversed()
}
