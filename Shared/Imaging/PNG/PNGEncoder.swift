import Foundation

/// PNG writer for label masks and previews: 8-bit grey, 16-bit grey and 8-bit RGB, non-interlaced.
public enum PNGEncoder {
    public static func encodeGrey8(_ pixels: [UInt8], width: Int, height: Int) throws(ImagingError) -> [UInt8] {
        try encode(raw: pixels, width: width, height: height, colorType: .grey, bitDepth: 8)
    }

    public static func encodeGrey16(_ pixels: [UInt16], width: Int, height: Int) throws(ImagingError) -> [UInt8] {
        var raw = [UInt8](repeating: 0, count: pixels.count * 2)
        for (i, value) in pixels.enumerated() {
            raw[2 * i] = UInt8(value >> 8)
            raw[2 * i + 1] = UInt8(truncatingIfNeeded: value)
        }
        return try encode(raw: raw, width: width, height: height, colorType: .grey, bitDepth: 16)
    }

    /// `pixels` is interleaved R, G, B.
    public static func encodeRGB8(_ pixels: [UInt8], width: Int, height: Int) throws(ImagingError) -> [UInt8] {
        try encode(raw: pixels, width: width, height: height, colorType: .rgb, bitDepth: 8)
    }

    /// Writes encoded PNG bytes to `path`, replacing any existing file.
    public static func write(_ png: [UInt8], to path: String) throws(ImagingError) {
        do {
            try Data(png).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .unwritable(file: path, reason: String(describing: error))
        }
    }

    private static func encode(raw: [UInt8], width: Int, height: Int, colorType: PNGColorType,
                               bitDepth: Int) throws(ImagingError) -> [UInt8] {
        let bytesPerPixel = colorType.storedChannels * bitDepth / 8
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max),
              checkedProduct([width, height, bytesPerPixel]) == raw.count else {
            throw .invalidField(file: "<PNG encoder input>", field: "pixel count",
                                value: "\(raw.count / max(1, bytesPerPixel)) for \(width)x\(height)",
                                fix: "Pass exactly width*height pixels.")
        }
        let filtered = PNGFilter.filterRows(raw, rows: height, rowBytes: width * bytesPerPixel, bpp: bytesPerPixel)
        var header: [UInt8] = []
        appendBigEndian(&header, UInt32(width))
        appendBigEndian(&header, UInt32(height))
        header += [UInt8(bitDepth), colorType.rawValue, 0, 0, 0]
        var png = pngSignature
        appendChunk(&png, type: "IHDR", data: header)
        appendChunk(&png, type: "IDAT", data: Zlib.deflate(filtered))
        appendChunk(&png, type: "IEND", data: [])
        return png
    }

    private static func appendBigEndian(_ bytes: inout [UInt8], _ value: UInt32) {
        bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func appendChunk(_ png: inout [UInt8], type: String, data: [UInt8]) {
        appendBigEndian(&png, UInt32(data.count))
        let start = png.count
        png += Array(type.utf8)
        png += data
        appendBigEndian(&png, Zlib.crc32(png[start...]))
    }
}
