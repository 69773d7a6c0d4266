/// PNG reader (ISO/IEC 15948): every bit depth and colour type, palette with tRNS, Adam7, all filters, CRCs.
public enum PNGDecoder {
    public static func decode(path: String) throws(ImagingError) -> PNGImage {
        try decode(readFileBytes(path), source: path)
    }

    public static func decode(_ bytes: [UInt8], source: String = "<memory>") throws(ImagingError) -> PNGImage {
        let chunks = try PNGChunks.read(bytes, source: source)
        let header = chunks.header
        let layout = PNGPassLayout(width: header.width, height: header.height, bitDepth: header.bitDepth,
                                   channels: header.colorType.storedChannels, interlaced: header.interlaced)
        // A deflate stream cannot expand beyond 1032:1; refuse absurd dimensions before allocating for them.
        let limit = Zlib.maximumInflatedSize(compressedCount: chunks.compressed.count)
        guard let rawSize = layout.filteredByteCount, rawSize <= limit else {
            throw .implausibleSize(file: source, field: "IHDR \(header.width)x\(header.height)",
                                   claimedBytes: layout.filteredByteCount ?? Int.max,
                                   availableBytes: chunks.compressed.count)
        }
        try DecodeBudget.require(checkedProduct([header.width, header.height, header.colorType.storedChannels, 4]),
                                 file: source, field: "IHDR \(header.width)x\(header.height)")
        var raw = try Zlib.inflate(chunks.compressed[...], container: .zlib, size: rawSize, source: source,
                                   field: "IDAT")
        let unpacker = PNGSampleUnpacker(header: header, palette: chunks.palette, paletteAlpha: chunks.paletteAlpha)
        return try unpacker.unpack(&raw, layout: layout, source: source)
    }
}

/// Geometry of the (one or seven) reduced images that make up the filtered data stream.
struct PNGPassLayout {
    struct Pass {
        let xStart: Int, yStart: Int, xStep: Int, yStep: Int
        let width: Int, height: Int
    }

    let passes: [Pass]
    let bitsPerPixel: Int

    init(width: Int, height: Int, bitDepth: Int, channels: Int, interlaced: Bool) {
        bitsPerPixel = bitDepth * channels
        guard interlaced else {
            passes = [Pass(xStart: 0, yStart: 0, xStep: 1, yStep: 1, width: width, height: height)]
            return
        }
        let adam7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        passes = adam7.map { xs, ys, dx, dy in
            Pass(xStart: xs, yStart: ys, xStep: dx, yStep: dy,
                 width: width > xs ? (width - xs + dx - 1) / dx : 0,
                 height: height > ys ? (height - ys + dy - 1) / dy : 0)
        }
    }

    func rowBytes(_ pass: Pass) -> Int? {
        guard let bits = checkedProduct([pass.width, bitsPerPixel]) else { return nil }
        return (bits + 7) / 8
    }

    /// Total bytes of the filtered stream (filter byte per row included); nil if the header overflows Int.
    var filteredByteCount: Int? {
        var total = 0
        for pass in passes where pass.width > 0 && pass.height > 0 {
            guard let row = rowBytes(pass), let bytes = checkedProduct([row + 1, pass.height]) else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(bytes)
            if overflow { return nil }
            total = sum
        }
        return total
    }
}
