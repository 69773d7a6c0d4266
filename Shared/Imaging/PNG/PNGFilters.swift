/// Scanline filters (PNG spec section 9). `bpp` is the byte distance to the corresponding byte of the
/// previous pixel, at least 1 for sub-byte depths.
enum PNGFilter {
    /// Paeth predictor, with |p-a|, |p-b|, |p-c| expanded (p = a + b - c) so it compiles to conditional moves.
    @inline(__always)
    static func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let pa = abs(b - c), pb = abs(a - c), pc = abs(a + b - 2 * c)
        return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
    }

    /// Reverses the filter of every row in place. `data` holds `rows` rows of 1 filter byte + `rowBytes` bytes,
    /// starting at `start`; the caller has checked that they fit. The first row's "previous row" is a row of
    /// zeros, as the spec defines, which keeps the per-byte loops free of branches.
    static func unfilter(_ data: inout [UInt8], start: Int, rows: Int, rowBytes: Int, bpp: Int, source: String)
        throws(ImagingError) {
        let stride = rowBytes + 1
        let zeros = [UInt8](repeating: 0, count: rowBytes)
        let lead = min(bpp, rowBytes)
        try zeros.withUnsafeBufferPointer { (zeroBuffer) throws(ImagingError) in
            try data.withUnsafeMutableBufferPointer { (buffer) throws(ImagingError) in
                guard let base = buffer.baseAddress, let zeroRow = zeroBuffer.baseAddress else { return }
                for row in 0..<rows {
                    let line = base + start + row * stride
                    let cur = line + 1
                    let prev = row > 0 ? UnsafePointer(cur - stride) : zeroRow
                    switch line[0] {
                    case 0:
                        break
                    case 1:
                        for i in lead..<rowBytes { cur[i] &+= cur[i - bpp] }
                    case 2:
                        for i in 0..<rowBytes { cur[i] &+= prev[i] }
                    case 3:
                        for i in 0..<lead { cur[i] &+= prev[i] >> 1 }
                        for i in lead..<rowBytes {
                            cur[i] &+= UInt8(truncatingIfNeeded: (Int(cur[i - bpp]) + Int(prev[i])) >> 1)
                        }
                    case 4 where bpp == 1:
                        // Grey 8-bit: carry left and upper-left in registers; reloading the byte just stored
                        // stalls on store forwarding and halves the speed of the most common filter.
                        cur[0] &+= prev[0]
                        var left = Int(cur[0]), upLeft = Int(prev[0])
                        for i in 1..<max(1, rowBytes) {
                            let up = Int(prev[i])
                            let value = UInt8(truncatingIfNeeded: Int(cur[i]) + paeth(left, up, upLeft))
                            cur[i] = value
                            left = Int(value)
                            upLeft = up
                        }
                    case 4:
                        // With no left neighbour Paeth picks the byte above.
                        for i in 0..<lead { cur[i] &+= prev[i] }
                        for i in lead..<rowBytes {
                            let predictor = paeth(Int(cur[i - bpp]), Int(prev[i]), Int(prev[i - bpp]))
                            cur[i] &+= UInt8(truncatingIfNeeded: predictor)
                        }
                    default:
                        throw .invalidField(file: source, field: "IDAT row \(row) filter type", value: String(line[0]),
                                            fix: "Only filter types 0-4 exist; the image data is corrupt, re-export it.")
                    }
                }
            }
        }
    }

    /// Picks, per row, the filter with the smallest sum of absolute residuals (libpng's heuristic) and writes
    /// filter byte + filtered row into `output`.
    static func filterRows(_ raw: [UInt8], rows: Int, rowBytes: Int, bpp: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: rows * (rowBytes + 1))
        var candidate = [UInt8](repeating: 0, count: rowBytes)
        var best = [UInt8](repeating: 0, count: rowBytes)
        raw.withUnsafeBufferPointer { rawBuffer in
            guard let rawBase = rawBuffer.baseAddress else { return }
            for row in 0..<rows {
                let cur = rawBase + row * rowBytes
                let prev: UnsafePointer<UInt8>? = row > 0 ? cur - rowBytes : nil
                var bestScore = Int.max
                var bestType: UInt8 = 0
                for type in UInt8(0)...4 {
                    var score = 0
                    for i in 0..<rowBytes {
                        let left = i >= bpp ? Int(cur[i - bpp]) : 0
                        let up = prev.map { Int($0[i]) } ?? 0
                        let upLeft = (i >= bpp ? prev.map { Int($0[i - bpp]) } : nil) ?? 0
                        let predictor: Int
                        switch type {
                        case 1: predictor = left
                        case 2: predictor = up
                        case 3: predictor = (left + up) >> 1
                        case 4: predictor = paeth(left, up, upLeft)
                        default: predictor = 0
                        }
                        let residual = UInt8(truncatingIfNeeded: Int(cur[i]) - predictor)
                        candidate[i] = residual
                        score += Int(Int8(bitPattern: residual).magnitude)
                    }
                    if score < bestScore {
                        bestScore = score
                        bestType = type
                        swap(&best, &candidate)
                    }
                }
                let offset = row * (rowBytes + 1)
                output[offset] = bestType
                output.replaceSubrange((offset + 1)...(offset + rowBytes), with: best)
            }
        }
        return output
    }
}
