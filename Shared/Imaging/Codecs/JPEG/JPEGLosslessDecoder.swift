/// JPEG lossless, process 14 (ITU-T T.81 annex H): Huffman-coded differences from one of seven predictors,
/// 2–16 bits, any point transform, one scan for all components or one per component, restart intervals.
/// Debian's libjpeg-turbo 2.1 reads DCT only, so this decoder is ScanSelect's own; every read is bounds-checked.
enum JPEGLosslessDecoder {
    /// Samples interleaved by pixel, `bytesPerSample` little-endian each, into `output`.
    static func decode(_ bytes: [UInt8], bytesPerSample: Int,
                       into output: UnsafeMutableRawBufferPointer) throws(JPEGCodestreamError) {
        try JPEGFrameWalk.decode(bytes, process: .lossless, bytesPerSample: bytesPerSample, into: output) {
            scan, frame, tables, planes throws(JPEGCodestreamError) in
            try decodeScan(scan, frame: frame, tables: tables.dc, restartInterval: tables.restartInterval,
                           bytes: bytes, planes: &planes)
        }
    }

    /// One scan's samples into `planes` (already shifted left by the point transform); returns where the next
    /// marker starts.
    private static func decodeScan(_ scan: JPEGScan, frame: JPEGFrame, tables: [Int: JPEGHuffmanTable],
                                   restartInterval: Int, bytes: [UInt8],
                                   planes: inout [[Int32]]) throws(JPEGCodestreamError) -> Int {
        var coders: [JPEGHuffmanTable] = []
        for table in scan.dcTables {
            guard let coder = tables[table] else { throw JPEGCodestreamError("a scan uses undefined Huffman table \(table)") }
            coders.append(coder)
        }
        guard (1...7).contains(scan.spectralStart) else {
            throw JPEGCodestreamError("predictor \(scan.spectralStart) is not a lossless predictor (1–7)")
        }
        guard scan.pointTransform < frame.precision else {
            throw JPEGCodestreamError("point transform \(scan.pointTransform) ≥ precision \(frame.precision)")
        }
        let width = frame.width, height = frame.height
        let initial = Int32(1) << Int32(frame.precision - scan.pointTransform - 1)
        var reader = JPEGBitReader(bytes, at: scan.dataStart)
        var restartRow = 0, restartColumn = 0, units = 0, restarts = 0
        for row in 0..<height {
            for column in 0..<width {
                if restartInterval > 0 && units > 0 && units % restartInterval == 0 {
                    try reader.restart(expecting: restarts)
                    restarts += 1
                    restartRow = row
                    restartColumn = column
                }
                units += 1
                let at = row * width + column
                for (slot, component) in scan.components.enumerated() {
                    let prediction: Int32
                    if row == restartRow && column == restartColumn {
                        prediction = initial
                    } else if row == restartRow {
                        prediction = planes[component][at - 1]
                    } else if column == 0 {
                        prediction = planes[component][at - width]
                    } else {
                        prediction = predict(scan.spectralStart, left: planes[component][at - 1],
                                             above: planes[component][at - width],
                                             diagonal: planes[component][at - width - 1])
                    }
                    let difference = try decodeDifference(&reader, coders[slot])
                    planes[component][at] = (prediction &+ difference) & 0xFFFF
                }
            }
        }
        if scan.pointTransform > 0 {
            for component in scan.components {
                for index in planes[component].indices { planes[component][index] <<= Int32(scan.pointTransform) }
            }
        }
        return reader.endOfScan()
    }

    /// T.81 table H.1; arithmetic as libjpeg's lossless decoder (and so GDCM) does it, on unsigned values.
    @inline(__always)
    private static func predict(_ predictor: Int, left: Int32, above: Int32, diagonal: Int32) -> Int32 {
        switch predictor {
        case 1: return left
        case 2: return above
        case 3: return diagonal
        case 4: return left + above - diagonal
        case 5: return left + ((above - diagonal) >> 1)
        case 6: return above + ((left - diagonal) >> 1)
        default: return (left + above) >> 1
        }
    }

    /// Category by Huffman code, then that many extra bits (T.81 F.2.2.1, H.1.2.2: category 16 is 32768, no bits).
    @inline(__always)
    private static func decodeDifference(_ reader: inout JPEGBitReader,
                                         _ table: JPEGHuffmanTable) throws(JPEGCodestreamError) -> Int32 {
        let category = try reader.decode(table)
        switch category {
        case 0: return 0
        case 16: return 32768
        case 1...15: return try reader.receiveExtend(category)
        default:
            throw JPEGCodestreamError("difference category \(category) is above 16 (corrupt codestream)")
        }
    }
}
