import NumericSupport
import SegmentationMetrics
import XCTest

/// Compares against a direct all-pairs computation, on masks placed anywhere in the grid (touching borders,
/// split into pieces, far apart) so the cropping and the separable transform are checked beyond the fixture.
final class BruteForceTests: XCTestCase {
    func testRandomPlanarMasksMatchAllPairsDistances() throws {
        var generator = SeededRandom(seed: 11)
        for trial in 0..<40 {
            let shape = [Int.random(in: 3...24, using: &generator), Int.random(in: 3...24, using: &generator)]
            let spacing = [Double.random(in: 0.3...2.5, using: &generator), Double.random(in: 0.3...2.5, using: &generator)]
            try check(shape: shape, spacing: spacing, trial: trial, generator: &generator)
        }
    }

    func testRandomVolumesMatchAllPairsDistances() throws {
        var generator = SeededRandom(seed: 12)
        for trial in 0..<25 {
            let shape = (0..<3).map { _ in Int.random(in: 1...10, using: &generator) }
            let spacing = (0..<3).map { _ in Double.random(in: 0.4...3.0, using: &generator) }
            try check(shape: shape, spacing: spacing, trial: trial, generator: &generator)
        }
    }

    private func check(shape: [Int], spacing: [Double], trial: Int, generator: inout SeededRandom) throws {
        let count = shape.reduce(1, *)
        // Sparse random blobs: a few random boxes per mask, in one of several labels.
        func randomLabels() -> [UInt8] {
            var labels = [UInt8](repeating: 0, count: count)
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let label = UInt8.random(in: 1...2, using: &generator)
                let lower = shape.map { Int.random(in: 0..<$0, using: &generator) }
                let upper = zip(lower, shape).map { Int.random(in: $0...min($0 + 6, $1 - 1), using: &generator) }
                for index in 0..<count where zip(coordinates(index, shape), zip(lower, upper)).allSatisfy({
                    $0.0 >= $0.1.0 && $0.0 <= $0.1.1 }) {
                    labels[index] = label
                }
            }
            return labels
        }
        let prediction = try LabelMap(shape: shape, labels: randomLabels())
        let truth = try LabelMap(shape: shape, labels: randomLabels())
        let results = try MetricsWorkspace().evaluate(prediction: prediction, truth: truth,
                                                      spacing: .millimetres(spacing), labels: [1, 2])
        for result in results {
            let a = prediction.labels.map { $0 == result.label }
            let b = truth.labels.map { $0 == result.label }
            let context = "trial \(trial) shape \(shape) label \(result.label)"
            let surfaceA = surfacePoints(a, shape), surfaceB = surfacePoints(b, shape)
            guard !surfaceA.isEmpty, !surfaceB.isEmpty else {
                XCTAssertEqual(result.distancesDefined, surfaceA.isEmpty && surfaceB.isEmpty, context)
                continue
            }
            let ab = surfaceA.map { p in surfaceB.map { distance(p, $0, spacing) }.min() ?? .infinity }
            let ba = surfaceB.map { p in surfaceA.map { distance(p, $0, spacing) }.min() ?? .infinity }
            XCTAssertEqual(try XCTUnwrap(result.hausdorff), max(ab.max() ?? 0, ba.max() ?? 0), accuracy: 1e-9, context)
            XCTAssertEqual(try XCTUnwrap(result.hausdorff95), max(percentile95(ab), percentile95(ba)),
                           accuracy: 1e-9, context)
            XCTAssertEqual(try XCTUnwrap(result.averageSurfaceDistance),
                           (ab.reduce(0, +) + ba.reduce(0, +)) / Double(ab.count + ba.count), accuracy: 1e-9, context)
        }
    }

    private func coordinates(_ index: Int, _ shape: [Int]) -> [Int] {
        var remainder = index
        return shape.reversed().map { extent in
            defer { remainder /= extent }
            return remainder % extent
        }.reversed()
    }

    /// Foreground voxels with a background (or out-of-image) face neighbour.
    private func surfacePoints(_ mask: [Bool], _ shape: [Int]) -> [[Int]] {
        mask.indices.filter { mask[$0] }.map { coordinates($0, shape) }.filter { point in
            shape.indices.contains { axis in
                [-1, 1].contains { step in
                    var neighbour = point
                    neighbour[axis] += step
                    guard neighbour[axis] >= 0, neighbour[axis] < shape[axis] else { return true }
                    let index = neighbour.indices.reduce(0) { $0 * shape[$1] + neighbour[$1] }
                    return !mask[index]
                }
            }
        }
    }

    private func distance(_ p: [Int], _ q: [Int], _ spacing: [Double]) -> Double {
        p.indices.map { axis in
            let length = Double(p[axis] - q[axis]) * spacing[axis]
            return length * length
        }.reduce(0, +).squareRoot()
    }

    /// numpy.percentile(values, 95) with the default linear method, written from its definition.
    private func percentile95(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let position = 0.95 * Double(sorted.count - 1)
        let lower = Int(position), upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
