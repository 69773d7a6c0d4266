import Foundation
import NumericSupport

/// Paints an anatomy onto a canvas: soft tissue, aerated lungs with vessel texture, heart, mediastinum,
/// ribs, clavicles and quantum noise. Grey values rise with attenuation (bone and heart bright, lung dark).
enum ChestRenderer {
    static func render(_ anatomy: Anatomy, size: Int, random: inout SeededRandom) -> PhantomCanvas {
        var canvas = PhantomCanvas(size: size)
        let vessels = SmoothNoise(cells: 12, random: &random)
        let tissue = SmoothNoise(cells: 4, random: &random)
        let ribs = RibCage(anatomy, random: &random)
        for y in 0..<size {
            for x in 0..<size {
                let (u, v) = canvas.coordinates(x: x, y: y)
                let level = anatomy.bodyLevel(u: u, v: v)
                guard level <= 1 else { continue }
                let index = y * size + x
                canvas.body[index] = true
                let label = anatomy.lungLabel(u: u, v: v)
                canvas.mask[index] = label
                var grey = 0.48 + 0.1 * (1 - level) + 0.03 * tissue.value(u: u, v: v)
                if label != 0 {
                    // Hila: vessels crowd towards the mediastinum.
                    let hilum = max(0, 1 - abs(u - anatomy.bodyCentreU) / 0.3)
                    grey = 0.15 + 0.05 * vessels.value(u: u, v: v) + 0.1 * hilum * hilum
                } else if anatomy.inMediastinum(u: u, v: v) {
                    grey = 0.7
                } else if anatomy.inHeart(u: u, v: v) {
                    grey = 0.64
                }
                grey += ribs.brightness(u: u, v: v)
                grey = grey * anatomy.exposure + anatomy.noiseSigma * random.gaussian()
                canvas.image[index] = Float(min(max(grey, 0), 1))
            }
        }
        return canvas
    }
}

/// Posterior ribs as shallow arches across each hemithorax, and the clavicles above them.
struct RibCage: Sendable {
    let anatomy: Anatomy
    let top: Double
    let tilt: Double

    init(_ anatomy: Anatomy, random: inout SeededRandom) {
        self.anatomy = anatomy
        top = min(anatomy.rightLung.centreV - anatomy.rightLung.radiusV, anatomy.leftLung.centreV - anatomy.leftLung.radiusV)
            - random.uniform(0.01...0.03)
        tilt = random.uniform(0.9...1.4)
    }

    func brightness(u: Double, v: Double) -> Double {
        let lateral = abs(u - anatomy.bodyCentreU)
        guard lateral > anatomy.mediastinumHalfWidth, lateral < anatomy.bodyHalfWidth * 0.92 else { return 0 }
        // Clavicles: from the sternal notch up and out to the shoulders.
        let clavicle = top - 0.02 + 0.2 * (lateral - 0.05) * (lateral - 0.35)
        if abs(v - clavicle) < anatomy.ribThickness * 1.2 { return 0.14 }
        let arch = -0.1 * lateral + tilt * lateral * lateral
        let position = (v - top - arch) / anatomy.ribSpacing
        let nearest = position.rounded()
        guard nearest >= 0, Int(nearest) < anatomy.ribCount else { return 0 }
        let distance = abs(position - nearest) * anatomy.ribSpacing
        return distance < anatomy.ribThickness ? 0.09 * (1 - distance / anatomy.ribThickness * 0.5) : 0
    }
}
