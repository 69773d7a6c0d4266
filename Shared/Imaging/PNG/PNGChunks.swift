/// The parsed chunk stream of a PNG file: header, palette, transparency and the concatenated IDAT payload.
struct PNGChunks {
    struct Header {
        let width: Int
        let height: Int
        let bitDepth: Int
        let colorType: PNGColorType
        let interlaced: Bool
    }

    let header: Header
    let palette: [UInt8]
    let paletteAlpha: [UInt8]
    let compressed: [UInt8]

    static func read(_ bytes: [UInt8], source: String) throws(ImagingError) -> PNGChunks {
        guard bytes.count >= 8, Array(bytes[0..<8]) == pngSignature else {
            throw .wrongMagic(file: source, format: "PNG", found: hexPreview(bytes))
        }
        let reader = ByteReader(bytes, source: source, bigEndian: true)
        var offset = 8
        var header: Header?
        var palette: [UInt8] = []
        var paletteAlpha: [UInt8] = []
        var compressed: [UInt8] = []
        while true {
            let length = Int(try reader.u32(offset, field: "chunk length"))
            guard length <= Int(Int32.max) else {
                throw .invalidField(file: source, field: "chunk length at byte \(offset)", value: String(length),
                                    fix: "PNG chunks are at most 2^31-1 bytes; the file is corrupt, re-export it.")
            }
            let typeBytes = try reader.slice(offset + 4, 4, field: "chunk type")
            let type = String(decoding: typeBytes, as: UTF8.self)
            guard typeBytes.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                throw .invalidField(file: source, field: "chunk type at byte \(offset + 4)", value: hexPreview(typeBytes),
                                    fix: "Chunk types are four letters; the file is corrupt, re-export it.")
            }
            let data = try reader.slice(offset + 8, length, field: "\(type) chunk data")
            let storedCRC = try reader.u32(offset + 8 + length, field: "\(type) chunk CRC")
            guard Zlib.crc32(bytes[(offset + 4)..<(offset + 8 + length)]) == storedCRC else {
                throw .checksumMismatch(file: source, field: "\(type) chunk at byte \(offset)")
            }
            offset += 12 + length
            if header == nil && type != "IHDR" {
                throw .invalidField(file: source, field: "first chunk", value: type,
                                    fix: "A PNG must start with IHDR; the file is corrupt, re-export it.")
            }
            switch type {
            case "IHDR":
                guard header == nil else {
                    throw .invalidField(file: source, field: "IHDR", value: "repeated",
                                        fix: "A PNG has exactly one IHDR; the file is corrupt, re-export it.")
                }
                header = try parseHeader(data, source: source)
            case "PLTE":
                guard length % 3 == 0, length > 0, length <= 768 else {
                    throw .invalidField(file: source, field: "PLTE length", value: String(length),
                                        fix: "A palette holds 1-256 RGB triples; the file is corrupt, re-export it.")
                }
                palette = Array(data)
            case "tRNS":
                paletteAlpha = Array(data)
            case "IDAT":
                compressed.append(contentsOf: data)
            case "IEND":
                guard let header else {
                    throw .invalidField(file: source, field: "IHDR", value: "missing", fix: "Re-export the PNG.")
                }
                if header.colorType == .palette && palette.isEmpty {
                    throw .invalidField(file: source, field: "PLTE", value: "missing",
                                        fix: "Palette images need a PLTE chunk; re-export the PNG.")
                }
                guard !compressed.isEmpty else {
                    throw .invalidField(file: source, field: "IDAT", value: "missing",
                                        fix: "The PNG holds no image data; re-export it.")
                }
                return PNGChunks(header: header, palette: palette, paletteAlpha: paletteAlpha, compressed: compressed)
            default:
                // Ancillary chunks (lower-case first letter) carry nothing we need; an unknown critical chunk
                // changes how the image must be read, so it cannot be skipped.
                if typeBytes[typeBytes.startIndex] & 0x20 == 0 {
                    throw .unsupported(file: source, field: "critical chunk", value: type,
                                       fix: "Convert the image to a standard PNG (e.g. with ImageMagick).")
                }
            }
        }
    }

    private static func parseHeader(_ data: ArraySlice<UInt8>, source: String) throws(ImagingError) -> Header {
        guard data.count == 13 else {
            throw .invalidField(file: source, field: "IHDR length", value: String(data.count),
                                fix: "IHDR is 13 bytes; the file is corrupt, re-export it.")
        }
        let reader = ByteReader(Array(data), source: source, bigEndian: true)
        let width = Int(try reader.u32(0, field: "IHDR width"))
        let height = Int(try reader.u32(4, field: "IHDR height"))
        let bitDepth = Int(data[data.startIndex + 8])
        let colorByte = data[data.startIndex + 9]
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw .invalidField(file: source, field: "IHDR size", value: "\(width)x\(height)",
                                fix: "Width and height must be 1...2^31-1; the file is corrupt, re-export it.")
        }
        guard let colorType = PNGColorType(rawValue: colorByte) else {
            throw .invalidField(file: source, field: "IHDR colour type", value: String(colorByte),
                                fix: "Valid colour types are 0, 2, 3, 4, 6; the file is corrupt, re-export it.")
        }
        guard colorType.allowedBitDepths.contains(bitDepth) else {
            throw .invalidField(file: source, field: "IHDR bit depth", value: "\(bitDepth) for colour type \(colorByte)",
                                fix: "The combination is not allowed by the PNG spec; re-export the image.")
        }
        let compression = data[data.startIndex + 10], filter = data[data.startIndex + 11]
        let interlace = data[data.startIndex + 12]
        guard compression == 0, filter == 0, interlace <= 1 else {
            throw .invalidField(file: source, field: "IHDR compression/filter/interlace",
                                value: "\(compression)/\(filter)/\(interlace)",
                                fix: "Only method 0/0 and interlace 0 or 1 exist; the file is corrupt, re-export it.")
        }
        return Header(width: width, height: height, bitDepth: bitDepth, colorType: colorType, interlaced: interlace == 1)
    }
}
