/// The tables a JPEG codestream has defined so far, as a scan sees them (T.81 B.2.4: tables may change between
/// scans, so each scan gets the ones in force when it starts).
struct JPEGTables: Sendable {
    /// DC tables, which lossless JPEG uses for its differences.
    var dc: [Int: JPEGHuffmanTable] = [:]
    var ac: [Int: JPEGHuffmanTable] = [:]
    var quantization: [Int: [Int32]] = [:]
    var restartInterval = 0
}

/// What both of ScanSelect's own JPEG decoders share: walking the marker segments, keeping the one frame and the
/// tables as they are defined, handing each scan to the decoder's `decodeScan` (which fills the component planes
/// and returns where the next marker starts), checking every component got a scan, and interleaving the planes.
enum JPEGFrameWalk {
    typealias ScanDecoder = (JPEGScan, JPEGFrame, JPEGTables, inout [[Int32]]) throws(JPEGCodestreamError) -> Int

    static func decode(_ bytes: [UInt8], process: JPEGFrame.Process, bytesPerSample: Int,
                       into output: UnsafeMutableRawBufferPointer,
                       decodeScan: ScanDecoder) throws(JPEGCodestreamError) {
        var parser = JPEGMarkerParser(bytes)
        var tables = JPEGTables()
        var frame: JPEGFrame?
        var planes: [[Int32]] = []
        var decoded: Set<Int> = []
        while let segment = try parser.next() {
            switch segment {
            case .frame(let header):
                guard frame == nil else { throw JPEGCodestreamError("more than one frame header") }
                guard header.process == process else {
                    throw JPEGCodestreamError("a \(header.process) frame where the transfer syntax says \(process); "
                                                  + "the file's transfer syntax UID is wrong, re-export it")
                }
                frame = header
                planes = Array(repeating: [Int32](repeating: 0, count: header.width * header.height),
                               count: header.components.count)
            case .huffmanTable(let tableClass, let id, let table):
                if tableClass == 0 { tables.dc[id] = table } else { tables.ac[id] = table }
            case .quantizationTable(let id, let values):
                tables.quantization[id] = values
            case .restartInterval(let interval):
                tables.restartInterval = interval
            case .scan(let scan):
                guard let frame else { throw JPEGCodestreamError("a scan before the frame header") }
                parser.resume(at: try decodeScan(scan, frame, tables, &planes))
                decoded.formUnion(scan.components)
            }
        }
        guard let frame else { throw JPEGCodestreamError("no \(process) frame header (SOF)") }
        guard decoded.count == frame.components.count else {
            throw JPEGCodestreamError("only \(decoded.count) of \(frame.components.count) components have a scan")
        }
        try JPEGPlanes.interleave(planes, pixels: frame.width * frame.height, bytesPerSample: bytesPerSample,
                                  into: output)
    }
}
