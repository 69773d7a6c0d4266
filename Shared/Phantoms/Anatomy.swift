import Foundation
import NumericSupport

/// One patient's chest in image-normalised coordinates (u to the image's right, v down, both 0…1). The
/// patient's left appears on the image's right, as on a PA film read in the usual orientation.
struct Anatomy: Sendable {
    struct Lung: Sendable {
        var centreU: Double
        var centreV: Double
        var radiusU: Double
        var radiusV: Double
        /// Top of the hemidiaphragm dome under this lung.
        var diaphragmV: Double
        /// Boundary wobble: (order, amplitude, phase) harmonics of the radius.
        var harmonics: [(order: Int, amplitude: Double, phase: Double)]
    }

    var bodyCentreU: Double
    var bodyHalfWidth: Double
    /// Patient's right lung (image left, label 2) and left lung (image right, label 1).
    var rightLung: Lung
    var leftLung: Lung
    var heartCentreU: Double
    var heartCentreV: Double
    var heartRadiusU: Double
    var heartRadiusV: Double
    var mediastinumHalfWidth: Double
    var ribSpacing: Double
    var ribThickness: Double
    var ribCount: Int
    var noiseSigma: Double
    /// Overall exposure: multiplies tissue attenuation.
    var exposure: Double

    static func draw(_ random: inout SeededRandom) -> Anatomy {
        let centre = 0.5 + random.uniform(-0.02...0.02)
        let lungOffset = random.uniform(0.17...0.21)
        let lungTop = random.uniform(0.17...0.23)
        func lung(side: Double, dome: Double) -> Lung {
            let radiusV = random.uniform(0.23...0.30)
            let harmonics = (2...5).map { order in
                (order: order, amplitude: random.uniform(0...0.05) / Double(order),
                 phase: random.uniform(0...(2 * Double.pi)))
            }
            return Lung(centreU: centre + side * (lungOffset + random.uniform(-0.015...0.015)),
                        centreV: lungTop + radiusV, radiusU: random.uniform(0.11...0.15), radiusV: radiusV,
                        diaphragmV: lungTop + 2 * radiusV * dome, harmonics: harmonics)
        }
        // The right hemidiaphragm usually sits higher than the left (the liver lies beneath it).
        let right = lung(side: -1, dome: random.uniform(0.76...0.84))
        let left = lung(side: 1, dome: random.uniform(0.80...0.88))
        return Anatomy(bodyCentreU: centre, bodyHalfWidth: random.uniform(0.41...0.46), rightLung: right, leftLung: left,
                       heartCentreU: centre + random.uniform(0.05...0.09), heartCentreV: left.diaphragmV - random.uniform(0.07...0.10),
                       heartRadiusU: random.uniform(0.11...0.15), heartRadiusV: random.uniform(0.09...0.12),
                       mediastinumHalfWidth: random.uniform(0.045...0.06), ribSpacing: random.uniform(0.055...0.07),
                       ribThickness: random.uniform(0.010...0.016), ribCount: Int(random.uniform(8...10.99)),
                       noiseSigma: random.uniform(0.008...0.03), exposure: random.uniform(0.85...1.1))
    }

    /// Supine AP films magnify the heart (it lies further from the detector).
    mutating func magnifyHeart(by factor: Double) {
        heartRadiusU *= factor
        heartRadiusV *= factor
    }

    /// The torso: a boxy superellipse reaching the top of the image (neck and shoulders).
    func bodyLevel(u: Double, v: Double) -> Double {
        pow(abs(u - bodyCentreU) / bodyHalfWidth, 2.6) + pow(abs(v - 0.6) / 0.58, 2.6)
    }

    func inHeart(u: Double, v: Double) -> Bool {
        let du = (u - heartCentreU) / heartRadiusU, dv = (v - heartCentreV) / heartRadiusV
        return du * du + dv * dv <= 1
    }

    func inMediastinum(u: Double, v: Double) -> Bool {
        abs(u - bodyCentreU) < mediastinumHalfWidth && v < rightLung.diaphragmV
    }

    /// Label of the aerated lung at (u, v): 2 = patient's right (image left), 1 = patient's left, 0 = none.
    /// Heart and mediastinum hide the lung behind them, and the lung stays well inside the body outline.
    func lungLabel(u: Double, v: Double) -> UInt8 {
        guard bodyLevel(u: u, v: v) < 0.8, !inHeart(u: u, v: v), !inMediastinum(u: u, v: v) else { return 0 }
        if Self.contains(rightLung, u: u, v: v) { return 2 }
        if Self.contains(leftLung, u: u, v: v) { return 1 }
        return 0
    }

    private static func contains(_ lung: Lung, u: Double, v: Double) -> Bool {
        let du = (u - lung.centreU) / lung.radiusU, dv = (v - lung.centreV) / lung.radiusV
        let angle = atan2(dv, du)
        let radius = 1 + lung.harmonics.reduce(0) { $0 + $1.amplitude * cos(Double($1.order) * angle + $1.phase) }
        // The diaphragm dome: highest under the lung's centre, falling towards the costophrenic angle.
        let dome = lung.diaphragmV + 0.125 * lung.radiusV * du * du
        return pow(pow(abs(du), 2.2) + pow(abs(dv), 2.2), 1 / 2.2) <= radius && v <= dome
    }
}
