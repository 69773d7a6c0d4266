/// Decoded PNG samples, row-major and interleaved. Palette images are expanded to RGB (RGBA when tRNS gives
/// the palette alpha), because nothing downstream wants indices.
public struct PNGImage: Sendable, Equatable {
    public enum Samples: Sendable, Equatable {
        /// Bit depths 1, 2, 4 and 8, and expanded palettes. Values keep their stored range (0...2^bitDepth-1).
        case uint8([UInt8])
        case uint16([UInt16])
    }

    public let width: Int
    public let height: Int
    /// 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA.
    public let channels: Int
    /// Bit depth of the samples as stored in the file (8 for expanded palettes).
    public let bitDepth: Int
    public let samples: Samples

    /// Largest value a sample can hold at this bit depth; divide by it to get [0, 1].
    public var maxValue: Int { (1 << bitDepth) - 1 }

    /// Sample `channel` of pixel (x, y), widened for comparisons and conversions.
    public func sample(x: Int, y: Int, channel: Int = 0) -> Int {
        let index = (y * width + x) * channels + channel
        switch samples {
        case .uint8(let values): return Int(values[index])
        case .uint16(let values): return Int(values[index])
        }
    }
}

/// PNG colour types (IHDR byte 9) with the channel count each stores.
enum PNGColorType: UInt8, Sendable {
    case grey = 0
    case rgb = 2
    case palette = 3
    case greyAlpha = 4
    case rgba = 6

    var storedChannels: Int {
        switch self {
        case .grey, .palette: return 1
        case .greyAlpha: return 2
        case .rgb: return 3
        case .rgba: return 4
        }
    }

    var allowedBitDepths: [Int] {
        switch self {
        case .grey: return [1, 2, 4, 8, 16]
        case .palette: return [1, 2, 4, 8]
        case .rgb, .greyAlpha, .rgba: return [8, 16]
        }
    }
}

/// The PNG file signature, shared by the reader and the writer.
let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
