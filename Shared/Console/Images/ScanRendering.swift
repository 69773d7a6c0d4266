import Foundation

/// Pure pixel work behind the console's images: window/level on a normalised plane, an overlay blended on
/// top, and box downsampling to a thumbnail. RGB, 8 bits, row-major.
public enum ScanRendering {
    /// What is drawn over the grey image.
    public enum OverlayPlane: Sendable {
        /// Label values per pixel; 0 is background, each other value gets its own colour.
        case labels([UInt8])
        /// 0…1 per pixel; 0 is transparent.
        case heat([Float])
    }

    /// Colours for label values 1, 2, … (repeating), chosen to stay apart on grey anatomy.
    static let palette: [(UInt8, UInt8, UInt8)] = [(255, 64, 64), (64, 200, 255), (255, 200, 0), (120, 255, 120),
                                                   (220, 100, 255), (255, 140, 60)]
    static let labelOpacity: Float = 0.45

    /// Maps normalised values (0…1 over the clip range `clipLow…clipHigh`) to display grey with a window centred
    /// on `level`, both in original units; nil window/level show the whole clip range.
    public static func windowed(_ plane: [Float], clipLow: Float, clipHigh: Float, window: Double?, level: Double?) -> [Float] {
        let span = max(clipHigh - clipLow, .ulpOfOne)
        let width = Float(window ?? Double(span))
        let centre = Float(level ?? Double(clipLow + span / 2))
        guard width > 0 else { return plane.map { clipLow + $0 * span >= centre ? 1 : 0 } }
        let low = centre - width / 2
        return plane.map { min(max((clipLow + $0 * span - low) / width, 0), 1) }
    }

    public static func compose(grey: [Float], overlay: OverlayPlane?) -> [UInt8] {
        var rgb = [UInt8](repeating: 0, count: grey.count * 3)
        for index in grey.indices {
            let base = grey[index] * 255
            var (r, g, b) = (base, base, base)
            switch overlay {
            case let .labels(labels)? where labels[index] != 0:
                let colour = palette[(Int(labels[index]) - 1) % palette.count]
                r = blend(r, Float(colour.0), labelOpacity)
                g = blend(g, Float(colour.1), labelOpacity)
                b = blend(b, Float(colour.2), labelOpacity)
            case let .heat(values)?:
                // Transparent where certain, through red to yellow where most unsure.
                let heat = min(max(values[index], 0), 1)
                r = blend(r, 255, heat * 0.8)
                g = blend(g, 255 * heat, heat * 0.8)
                b = blend(b, 0, heat * 0.8)
            default:
                break
            }
            rgb[3 * index] = UInt8(r.rounded())
            rgb[3 * index + 1] = UInt8(g.rounded())
            rgb[3 * index + 2] = UInt8(b.rounded())
        }
        return rgb
    }

    /// Box-averages an RGB image so that its longer side is at most `side`; smaller images are kept.
    public static func shrink(_ rgb: [UInt8], width: Int, height: Int, toSide side: Int) -> (pixels: [UInt8], width: Int, height: Int) {
        let factor = Int((Double(max(width, height)) / Double(max(side, 1))).rounded(.up))
        guard factor > 1 else { return (rgb, width, height) }
        let (outWidth, outHeight) = (max(width / factor, 1), max(height / factor, 1))
        var out = [UInt8](repeating: 0, count: outWidth * outHeight * 3)
        for y in 0..<outHeight {
            for x in 0..<outWidth {
                for channel in 0..<3 {
                    var sum = 0, count = 0
                    for dy in 0..<factor where y * factor + dy < height {
                        for dx in 0..<factor where x * factor + dx < width {
                            sum += Int(rgb[((y * factor + dy) * width + x * factor + dx) * 3 + channel])
                            count += 1
                        }
                    }
                    out[(y * outWidth + x) * 3 + channel] = UInt8(sum / max(count, 1))
                }
            }
        }
        return (out, outWidth, outHeight)
    }

    /// An RGB image turned 180° (both axes reversed): a RAS axial slice shown the radiological way, the
    /// patient's right on the viewer's left and anterior at the top.
    public static func turnedHalfway(_ rgb: [UInt8]) -> [UInt8] {
        let pixels = rgb.count / 3
        var out = [UInt8](repeating: 0, count: rgb.count)
        for pixel in 0..<pixels {
            let source = 3 * (pixels - 1 - pixel)
            out[3 * pixel] = rgb[source]
            out[3 * pixel + 1] = rgb[source + 1]
            out[3 * pixel + 2] = rgb[source + 2]
        }
        return out
    }

    private static func blend(_ under: Float, _ over: Float, _ alpha: Float) -> Float { under * (1 - alpha) + over * alpha }
}
