/// Turns the inflated, filtered stream into interleaved samples: unfilters each pass, unpacks sub-byte depths,
/// scatters interlaced passes to their pixel positions and expands palettes.
struct PNGSampleUnpacker {
    let header: PNGChunks.Header
    let palette: [UInt8]
    let paletteAlpha: [UInt8]

    init(header: PNGChunks.Header, palette: [UInt8], paletteAlpha: [UInt8]) {
        self.header = header
        self.palette = palette
        self.paletteAlpha = header.colorType == .palette ? paletteAlpha : []
    }

    func unpack(_ raw: inout [UInt8], layout: PNGPassLayout, source: String) throws(ImagingError) -> PNGImage {
        if header.bitDepth == 16 { return try unpackSixteen(&raw, layout: layout, source: source) }
        let indicesOrSamples = try unpackBytes(&raw, layout: layout, source: source)
        guard header.colorType == .palette else {
            return PNGImage(width: header.width, height: header.height, channels: header.colorType.storedChannels,
                            bitDepth: header.bitDepth, samples: .uint8(indicesOrSamples))
        }
        return try expandPalette(indicesOrSamples, source: source)
    }

    /// 16-bit samples, big endian in the stream.
    private func unpackSixteen(_ raw: inout [UInt8], layout: PNGPassLayout, source: String) throws(ImagingError)
        -> PNGImage {
        let stored = header.colorType.storedChannels
        let bpp = layout.bitsPerPixel / 8
        var start = 0
        var out = [UInt16](repeating: 0, count: header.width * header.height * stored)
        for pass in layout.passes where pass.width > 0 && pass.height > 0 {
            let rowBytes = pass.width * stored * 2
            try PNGFilter.unfilter(&raw, start: start, rows: pass.height, rowBytes: rowBytes, bpp: bpp, source: source)
            for y in 0..<pass.height {
                let line = start + y * (rowBytes + 1) + 1
                let outRow = (pass.yStart + y * pass.yStep) * header.width
                for x in 0..<pass.width {
                    let target = (outRow + pass.xStart + x * pass.xStep) * stored
                    for c in 0..<stored {
                        let at = line + (x * stored + c) * 2
                        out[target + c] = UInt16(raw[at]) << 8 | UInt16(raw[at + 1])
                    }
                }
            }
            start += pass.height * (rowBytes + 1)
        }
        return PNGImage(width: header.width, height: header.height, channels: stored, bitDepth: 16,
                        samples: .uint16(out))
    }

    /// Samples of bit depth 1, 2, 4 or 8 (palette indices for palette images), one byte each.
    private func unpackBytes(_ raw: inout [UInt8], layout: PNGPassLayout, source: String) throws(ImagingError)
        -> [UInt8] {
        let stored = header.colorType.storedChannels
        let bpp = max(1, layout.bitsPerPixel / 8)
        var start = 0
        var out = [UInt8](repeating: 0, count: header.width * header.height * stored)
        let depth = header.bitDepth
        for pass in layout.passes where pass.width > 0 && pass.height > 0 {
            let rowBytes = (pass.width * stored * depth + 7) / 8
            try PNGFilter.unfilter(&raw, start: start, rows: pass.height, rowBytes: rowBytes, bpp: bpp, source: source)
            for y in 0..<pass.height {
                let line = start + y * (rowBytes + 1) + 1
                let outRow = (pass.yStart + y * pass.yStep) * header.width
                if depth == 8 && pass.xStep == 1 {
                    let target = outRow * stored
                    out.replaceSubrange(target..<(target + rowBytes), with: raw[line..<(line + rowBytes)])
                    continue
                }
                let perByte = 8 / depth, mask = UInt8((1 << depth) - 1)
                for x in 0..<(pass.width * stored) {
                    let byte = raw[line + x / perByte]
                    let shift = 8 - depth * (x % perByte + 1)
                    let pixel = x / stored, channel = x % stored
                    out[(outRow + pass.xStart + pixel * pass.xStep) * stored + channel] = (byte >> UInt8(shift)) & mask
                }
            }
            start += pass.height * (rowBytes + 1)
        }
        return out
    }

    private func expandPalette(_ indices: [UInt8], source: String) throws(ImagingError) -> PNGImage {
        let entries = palette.count / 3
        let channels = paletteAlpha.isEmpty ? 3 : 4
        var out = [UInt8](repeating: 0, count: indices.count * channels)
        for (i, index) in indices.enumerated() {
            let entry = Int(index)
            guard entry < entries else {
                throw .invalidField(file: source, field: "palette index at pixel \(i)", value: String(entry),
                                    fix: "The palette has only \(entries) entries; the image is corrupt, re-export it.")
            }
            let target = i * channels
            out[target] = palette[entry * 3]
            out[target + 1] = palette[entry * 3 + 1]
            out[target + 2] = palette[entry * 3 + 2]
            if channels == 4 { out[target + 3] = entry < paletteAlpha.count ? paletteAlpha[entry] : 255 }
        }
        return PNGImage(width: header.width, height: header.height, channels: channels, bitDepth: 8,
                        samples: .uint8(out))
    }
}
