/// Huffman sequential DCT JPEG (T.81 processes 1, 2 and 4) above 8 bits: the 12-bit "JPEG Extended" that CT and
/// MR archives hold, which Debian's libjpeg-turbo 2.1 (8-bit only) cannot read. Baseline 8-bit goes to libjpeg;
/// this decoder exists for precisions libjpeg lacks, and rounds exactly as GDCM's 12-bit libjpeg does.
enum JPEGSequentialDecoder {
    /// Natural-order index of the k-th coefficient in zigzag order (T.81 figure A.6).
    private static let zigzag: [Int] = [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
        21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53,
        60, 61, 54, 47, 55, 62, 63,
    ]

    /// Samples interleaved by pixel, `bytesPerSample` little-endian each, into `output`.
    static func decode(_ bytes: [UInt8], bytesPerSample: Int,
                       into output: UnsafeMutableRawBufferPointer) throws(JPEGCodestreamError) {
        try JPEGFrameWalk.decode(bytes, process: .sequential, bytesPerSample: bytesPerSample, into: output) {
            scan, frame, tables, planes throws(JPEGCodestreamError) in
            // A sequential frame's Ss/Se carry no meaning; IJG libjpeg (and so GDCM) warns and decodes all
            // 64 coefficients, and some archives hold such files (Ss = Se = 0).
            var blockScan = try BlockScan(scan, frame: frame, tables: tables)
            return try blockScan.run(bytes, restartInterval: tables.restartInterval, planes: &planes)
        }
    }

    /// One scan's tables resolved per component, and the block walk over the image.
    private struct BlockScan {
        let scan: JPEGScan
        let frame: JPEGFrame
        let dc: [JPEGHuffmanTable]
        let ac: [JPEGHuffmanTable]
        let quantization: [[Int32]]

        init(_ scan: JPEGScan, frame: JPEGFrame, tables: JPEGTables) throws(JPEGCodestreamError) {
            var dc: [JPEGHuffmanTable] = [], ac: [JPEGHuffmanTable] = [], q: [[Int32]] = []
            for (slot, component) in scan.components.enumerated() {
                guard let d = tables.dc[scan.dcTables[slot]], let a = tables.ac[scan.acTables[slot]] else {
                    throw JPEGCodestreamError("a scan uses an undefined Huffman table")
                }
                guard let table = tables.quantization[frame.components[component].quantizationTable] else {
                    throw JPEGCodestreamError("component \(component) uses an undefined quantisation table")
                }
                dc.append(d)
                ac.append(a)
                q.append(table)
            }
            self.scan = scan
            self.frame = frame
            self.dc = dc
            self.ac = ac
            self.quantization = q
        }

        /// Every component has 1×1 sampling here (the parser refuses others), so an MCU is one block of each
        /// scan component and the block grid is the same for all.
        mutating func run(_ bytes: [UInt8], restartInterval: Int,
                          planes: inout [[Int32]]) throws(JPEGCodestreamError) -> Int {
            let width = frame.width, height = frame.height
            let blocksAcross = (width + 7) / 8, blocksDown = (height + 7) / 8
            var reader = JPEGBitReader(bytes, at: scan.dataStart)
            var predictions = [Int](repeating: 0, count: scan.components.count)
            var coefficients = [Int](repeating: 0, count: 64)
            var block = [Int32](repeating: 0, count: 64)
            var units = 0, restarts = 0
            for blockRow in 0..<blocksDown {
                for blockColumn in 0..<blocksAcross {
                    if restartInterval > 0 && units > 0 && units % restartInterval == 0 {
                        try reader.restart(expecting: restarts)
                        restarts += 1
                        for slot in predictions.indices { predictions[slot] = 0 }
                    }
                    units += 1
                    for (slot, component) in scan.components.enumerated() {
                        try decodeBlock(&reader, slot: slot, prediction: &predictions[slot], into: &coefficients)
                        JPEGInverseDCT.transform(coefficients, precision: frame.precision, into: &block)
                        for y in 0..<8 where blockRow * 8 + y < height {
                            for x in 0..<8 where blockColumn * 8 + x < width {
                                planes[component][(blockRow * 8 + y) * width + blockColumn * 8 + x] = block[y * 8 + x]
                            }
                        }
                    }
                }
            }
            return reader.endOfScan()
        }

        /// T.81 F.2.2: the DC difference, then run/size pairs of AC coefficients up to end-of-block; dequantized.
        private func decodeBlock(_ reader: inout JPEGBitReader, slot: Int, prediction: inout Int,
                                 into coefficients: inout [Int]) throws(JPEGCodestreamError) {
            for index in 0..<64 { coefficients[index] = 0 }
            let q = quantization[slot]
            let category = try reader.decode(dc[slot])
            guard category <= 15 else { throw JPEGCodestreamError("DC category \(category) is above 15") }
            if category > 0 { prediction += Int(try reader.receiveExtend(category)) }
            coefficients[0] = prediction * Int(q[0])
            var k = 1
            while k < 64 {
                let symbol = try reader.decode(ac[slot])
                let run = symbol >> 4, size = symbol & 0x0F
                if size == 0 {
                    if run != 15 { break }
                    k += 16
                    continue
                }
                k += run
                guard k < 64 else { throw JPEGCodestreamError("AC coefficients run past the end of a block") }
                coefficients[JPEGSequentialDecoder.zigzag[k]] = Int(try reader.receiveExtend(size)) * Int(q[k])
                k += 1
            }
        }
    }
}
