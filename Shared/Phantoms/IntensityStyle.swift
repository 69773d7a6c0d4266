import NumericSupport

/// The grey-level side of an acquisition style: MONOCHROME1-like inversion, a squeezed noisy range for
/// poor exposure, and the flatter contrast of portable films. Applied after geometry so the background
/// that a rotation or crop exposes is styled like the rest.
struct IntensityStyle: Sendable {
    var invert = false
    var offset: Float = 0
    var gain: Float = 1
    var extraNoise = 0.0

    init(_ style: AcquisitionStyle, random: inout SeededRandom) {
        switch style {
        case .pa, .rotated, .cropped: break
        case .inverted: invert = true
        case .portableAP:
            gain = Float(random.uniform(0.75...0.9))
            offset = Float(random.uniform(0.05...0.12))
        case .lowContrast:
            gain = Float(random.uniform(0.25...0.4))
            offset = Float(random.uniform(0.2...0.5))
            extraNoise = random.uniform(0.01...0.025)
        }
    }

    func apply(_ image: [Float], random: inout SeededRandom) -> [Float] {
        image.map { value in
            var grey = (invert ? 1 - value : value) * gain + offset
            if extraNoise > 0 { grey += Float(extraNoise * random.gaussian()) }
            return min(max(grey, 0), 1)
        }
    }
}
