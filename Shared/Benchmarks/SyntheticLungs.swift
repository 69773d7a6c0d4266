import NumericSupport
import Foundation
import SegmentationMetrics

/// Deterministic lung-like label maps for benchmarking: two ellipses (labels 1 and 2) with wavy boundaries,
/// and a prediction that is a slightly shifted, rescaled, differently-wavy copy, as a decent model would give.
enum SyntheticLungs {
    struct Lobe {
        var centreX: Double, centreY: Double, radiusX: Double, radiusY: Double
        var harmonics: [(order: Int, amplitude: Double, phase: Double)]
    }

    static func pair(size: Int, generator: inout SeededRandom) throws -> (truth: LabelMap, prediction: LabelMap) {
        let s = Double(size)
        let truthLobes = [
            Lobe(centreX: 0.30 * s, centreY: 0.47 * s, radiusX: 0.13 * s, radiusY: 0.30 * s, harmonics: []),
            Lobe(centreX: 0.70 * s, centreY: 0.47 * s, radiusX: 0.12 * s, radiusY: 0.28 * s, harmonics: []),
        ].map { wavy($0, generator: &generator) }
        let predictedLobes = truthLobes.map { lobe in
            var jittered = lobe
            jittered.centreX += s * Double.random(in: -0.02...0.02, using: &generator)
            jittered.centreY += s * Double.random(in: -0.02...0.02, using: &generator)
            jittered.radiusX *= Double.random(in: 0.95...1.05, using: &generator)
            jittered.radiusY *= Double.random(in: 0.95...1.05, using: &generator)
            return wavy(jittered, generator: &generator)
        }
        return (try render(truthLobes, size: size), try render(predictedLobes, size: size))
    }

    private static func wavy(_ lobe: Lobe, generator: inout SeededRandom) -> Lobe {
        var result = lobe
        result.harmonics = (2...6).map { k in
            (order: k, amplitude: Double.random(in: 0...0.08, using: &generator) / Double(k),
             phase: Double.random(in: 0..<(2 * Double.pi), using: &generator))
        }
        return result
    }

    private static func render(_ lobes: [Lobe], size: Int) throws -> LabelMap {
        var labels = [UInt8](repeating: 0, count: size * size)
        for (index, lobe) in lobes.enumerated() {
            // Rendering only the lobe's bounding box keeps pool generation fast at 512².
            let reach = 1 + lobe.harmonics.map(\.amplitude).reduce(0, +)
            let rows = clampedRange(lobe.centreY, lobe.radiusY * reach, size)
            let columns = clampedRange(lobe.centreX, lobe.radiusX * reach, size)
            for y in rows {
                for x in columns {
                    let u = (Double(x) - lobe.centreX) / lobe.radiusX
                    let v = (Double(y) - lobe.centreY) / lobe.radiusY
                    let angle = atan2(v, u)
                    let limit = lobe.harmonics.reduce(1.0) {
                        $0 + $1.amplitude * cos(Double($1.order) * angle + $1.phase)
                    }
                    if (u * u + v * v).squareRoot() <= limit { labels[y * size + x] = UInt8(index + 1) }
                }
            }
        }
        return try LabelMap(shape: [size, size], labels: labels)
    }

    private static func clampedRange(_ centre: Double, _ radius: Double, _ size: Int) -> Range<Int> {
        let lower = max(0, Int((centre - radius).rounded(.down)))
        let upper = min(size, Int((centre + radius).rounded(.up)) + 1)
        return lower..<max(lower, upper)
    }
}

