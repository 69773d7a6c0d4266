/// The marker segments of a JPEG codestream (T.81 annex B) that ScanSelect's own decoders need — Huffman
/// sequential DCT (any precision) and lossless; application data and comments are skipped. Every length is
/// checked against the bytes present.
struct JPEGMarkerParser {
    enum Segment {
        case frame(JPEGFrame)
        case huffmanTable(tableClass: Int, id: Int, table: JPEGHuffmanTable)
        case quantizationTable(id: Int, values: [Int32])
        case restartInterval(Int)
        case scan(JPEGScan)
    }

    private let bytes: [UInt8]
    private var position = 0
    private var started = false
    private var pending: [Segment] = []
    private var components: [Int] = []

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The frame header alone, for checks before anything is allocated.
    static func frame(_ bytes: [UInt8]) throws(JPEGCodestreamError) -> JPEGFrame {
        var parser = JPEGMarkerParser(bytes)
        while let segment = try parser.next() {
            if case .frame(let frame) = segment { return frame }
        }
        throw JPEGCodestreamError("no frame header (SOF) before the end of the codestream")
    }

    /// Continues after a scan's entropy-coded data.
    mutating func resume(at position: Int) { self.position = position }

    /// The next segment that matters, or nil at EOI.
    mutating func next() throws(JPEGCodestreamError) -> Segment? {
        if !pending.isEmpty { return pending.removeFirst() }
        if !started {
            guard bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xD8 else {
                throw JPEGCodestreamError("the codestream does not start with SOI (FFD8)")
            }
            position = 2
            started = true
        }
        while true {
            guard position + 1 < bytes.count else {
                throw JPEGCodestreamError("the codestream ends without EOI (truncated)")
            }
            guard bytes[position] == 0xFF else {
                throw JPEGCodestreamError("expected a marker at byte \(position), found \(bytes[position])")
            }
            let marker = bytes[position + 1]
            if marker == 0xFF { position += 1; continue }
            position += 2
            if marker == 0xD9 { return nil }
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { continue }
            let body = try segmentBody()
            switch marker {
            case 0xC0, 0xC1: return .frame(try frame(body, process: .sequential))
            case 0xC3: return .frame(try frame(body, process: .lossless))
            case 0xC4:
                pending = try huffmanTables(body)
                if !pending.isEmpty { return pending.removeFirst() }
            case 0xDB:
                pending = try quantizationTables(body)
                if !pending.isEmpty { return pending.removeFirst() }
            case 0xDD:
                guard body.count == 2 else { throw JPEGCodestreamError("DRI segment of \(body.count) bytes, not 2") }
                return .restartInterval(Int(body[body.startIndex]) << 8 | Int(body[body.startIndex + 1]))
            case 0xDA: return .scan(try scan(body))
            case 0xC2, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:
                throw JPEGCodestreamError("progressive, hierarchical or arithmetic-coded JPEG (SOF\(marker - 0xC0)) "
                                              + "above 8 bits is not decoded; have the PACS send JPEG Lossless SV1 "
                                              + "(1.2.840.10008.1.2.4.70)")
            default: continue
            }
        }
    }

    private mutating func segmentBody() throws(JPEGCodestreamError) -> [UInt8] {
        guard position + 1 < bytes.count else { throw JPEGCodestreamError("a marker segment is truncated") }
        let length = Int(bytes[position]) << 8 | Int(bytes[position + 1])
        guard length >= 2, position + length <= bytes.count else {
            throw JPEGCodestreamError("a marker segment claims \(length) bytes, \(bytes.count - position) remain")
        }
        defer { position += length }
        return Array(bytes[(position + 2)..<(position + length)])
    }

    private mutating func frame(_ b: [UInt8], process: JPEGFrame.Process) throws(JPEGCodestreamError) -> JPEGFrame {
        guard b.count >= 6 else { throw JPEGCodestreamError("SOF segment is truncated") }
        let precision = Int(b[0]), height = Int(b[1]) << 8 | Int(b[2]), width = Int(b[3]) << 8 | Int(b[4])
        let count = Int(b[5])
        guard b.count == 6 + 3 * count, (1...4).contains(count) else {
            throw JPEGCodestreamError("SOF declares \(count) components in \(b.count) bytes")
        }
        let allowed = process == .lossless ? 2...16 : 8...12
        guard allowed.contains(precision) else { throw JPEGCodestreamError("precision \(precision) is outside \(allowed)") }
        guard height > 0, width > 0 else {
            throw JPEGCodestreamError("frame of \(width)x\(height) (a DNL-defined height is not supported)")
        }
        let parsed = (0..<count).map {
            JPEGFrame.Component(id: Int(b[6 + 3 * $0]), sampling: Int(b[7 + 3 * $0]), quantizationTable: Int(b[8 + 3 * $0]))
        }
        // Subsampled components need upsampling that GDCM and libjpeg do in ways of their own; a single
        // component's factors mean nothing, so only those are let through.
        guard count == 1 || parsed.allSatisfy({ $0.sampling == 0x11 }) else {
            throw JPEGCodestreamError("subsampled components (factors \(parsed.map(\.sampling))) are not supported "
                                          + "at this precision")
        }
        components = parsed.map(\.id)
        return JPEGFrame(process: process, precision: precision, height: height, width: width, components: parsed)
    }

    private func huffmanTables(_ b: [UInt8]) throws(JPEGCodestreamError) -> [Segment] {
        var at = 0, result: [Segment] = []
        while at < b.count {
            guard at + 17 <= b.count else { throw JPEGCodestreamError("DHT segment is truncated") }
            let counts = (1...16).map { Int(b[at + $0]) }
            let total = counts.reduce(0, +)
            guard at + 17 + total <= b.count else { throw JPEGCodestreamError("DHT symbols are truncated") }
            let table = try JPEGHuffmanTable(counts: counts, symbols: Array(b[(at + 17)..<(at + 17 + total)]))
            result.append(.huffmanTable(tableClass: Int(b[at]) >> 4, id: Int(b[at]) & 0x0F, table: table))
            at += 17 + total
        }
        return result
    }

    /// T.81 B.2.4.1: 64 values per table in zigzag order, 8- or 16-bit.
    private func quantizationTables(_ b: [UInt8]) throws(JPEGCodestreamError) -> [Segment] {
        var at = 0, result: [Segment] = []
        while at < b.count {
            let wide = b[at] >> 4 == 1, size = wide ? 128 : 64
            guard at + 1 + size <= b.count else { throw JPEGCodestreamError("DQT segment is truncated") }
            let values = (0..<64).map { k in
                wide ? Int32(b[at + 1 + 2 * k]) << 8 | Int32(b[at + 2 + 2 * k]) : Int32(b[at + 1 + k])
            }
            result.append(.quantizationTable(id: Int(b[at]) & 0x0F, values: values))
            at += 1 + size
        }
        return result
    }

    private func scan(_ b: [UInt8]) throws(JPEGCodestreamError) -> JPEGScan {
        guard let count = b.first.map(Int.init), (1...4).contains(count), b.count == 4 + 2 * count else {
            throw JPEGCodestreamError("SOS segment of \(b.count) bytes is malformed")
        }
        var scanComponents: [Int] = [], dcTables: [Int] = [], acTables: [Int] = []
        for slot in 0..<count {
            guard let index = components.firstIndex(of: Int(b[1 + 2 * slot])) else {
                throw JPEGCodestreamError("a scan names component \(b[1 + 2 * slot]), which the frame does not have")
            }
            scanComponents.append(index)
            dcTables.append(Int(b[2 + 2 * slot]) >> 4)
            acTables.append(Int(b[2 + 2 * slot]) & 0x0F)
        }
        return JPEGScan(components: scanComponents, dcTables: dcTables, acTables: acTables,
                        spectralStart: Int(b[1 + 2 * count]), spectralEnd: Int(b[2 + 2 * count]),
                        pointTransform: Int(b[3 + 2 * count]) & 0x0F, dataStart: position)
    }
}

struct JPEGFrame: Sendable {
    enum Process: String, Sendable, CustomStringConvertible {
        case sequential = "sequential DCT", lossless

        var description: String { rawValue }
    }

    struct Component: Sendable {
        let id: Int
        /// Horizontal factor in the high nibble, vertical in the low.
        let sampling: Int
        let quantizationTable: Int
    }

    let process: Process
    let precision: Int
    let height: Int
    let width: Int
    let components: [Component]
}

struct JPEGScan: Sendable {
    /// Indices into the frame's components, in scan order.
    let components: [Int]
    let dcTables: [Int]
    let acTables: [Int]
    /// Ss: the predictor in lossless mode, 0 for sequential DCT.
    let spectralStart: Int
    let spectralEnd: Int
    let pointTransform: Int
    /// First byte of the entropy-coded data.
    let dataStart: Int
}
