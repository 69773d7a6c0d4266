/// Entropy-coded bits of one scan (T.81 F.2.2.5): 0xFF 0x00 is a stuffed 0xFF, any other 0xFF pair is a marker
/// that ends the data. Past the end the reader feeds zeros only to fill its window; consuming any of them is an
/// error, so a truncated stream can never turn into grey pixels.
struct JPEGBitReader {
    private let bytes: [UInt8]
    private(set) var position: Int
    private var buffer: UInt64 = 0
    private var count = 0
    /// Zero bits at the bottom of the window that are not in the stream.
    private var phantom = 0

    init(_ bytes: [UInt8], at position: Int) {
        self.bytes = bytes
        self.position = position
    }

    @inline(__always)
    private mutating func fill() {
        while count <= 56 {
            var byte: UInt8 = 0
            if phantom == 0, position < bytes.count {
                let value = bytes[position]
                if value != 0xFF {
                    byte = value
                    position += 1
                } else if position + 1 < bytes.count && bytes[position + 1] == 0 {
                    byte = 0xFF
                    position += 2
                } else {
                    phantom += 8
                }
            } else {
                phantom += 8
            }
            buffer |= UInt64(byte) << UInt64(56 - count)
            count += 8
        }
    }

    /// The next 16 bits, without consuming them.
    @inline(__always)
    mutating func peek16() -> UInt16 {
        if count < 16 { fill() }
        return UInt16(truncatingIfNeeded: buffer >> 48)
    }

    @inline(__always)
    mutating func skip(_ bits: Int) throws(JPEGCodestreamError) {
        guard bits <= count - phantom else {
            throw JPEGCodestreamError("the entropy-coded data ends early (truncated or corrupt codestream)")
        }
        buffer <<= UInt64(bits)
        count -= bits
    }

    /// The next `bits` (1...16) bits as an unsigned number.
    @inline(__always)
    mutating func read(_ bits: Int) throws(JPEGCodestreamError) -> Int {
        if count < bits { fill() }
        let value = Int(buffer >> UInt64(64 - bits))
        try skip(bits)
        return value
    }

    /// The next `category` bits as a signed difference (T.81 F.2.2.1 EXTEND: values below half are negative).
    @inline(__always)
    mutating func receiveExtend(_ category: Int) throws(JPEGCodestreamError) -> Int32 {
        let bits = try read(category)
        return Int32(bits < 1 << (category - 1) ? bits - (1 << category) + 1 : bits)
    }

    /// The symbol of the next Huffman code in `table`.
    @inline(__always)
    mutating func decode(_ table: JPEGHuffmanTable) throws(JPEGCodestreamError) -> Int {
        guard let (length, symbol) = table.decode(peek16()) else {
            throw JPEGCodestreamError("a bit pattern matches no Huffman code (corrupt codestream)")
        }
        try skip(length)
        return symbol
    }

    /// Drops the partial byte and expects restart marker RSTn (T.81 F.2.2.5 / H.2).
    mutating func restart(expecting index: Int) throws(JPEGCodestreamError) {
        buffer = 0
        count = 0
        phantom = 0
        while position < bytes.count && bytes[position] == 0xFF && position + 1 < bytes.count
            && bytes[position + 1] == 0xFF { position += 1 }
        guard position + 1 < bytes.count, bytes[position] == 0xFF, bytes[position + 1] == 0xD0 + UInt8(index & 7) else {
            throw JPEGCodestreamError("restart marker RST\(index & 7) missing (corrupt codestream)")
        }
        position += 2
    }

    /// Where the scan's data ends: the first marker at or after the bytes consumed.
    func endOfScan() -> Int {
        var at = position
        while at + 1 < bytes.count {
            if bytes[at] == 0xFF && bytes[at + 1] != 0 && bytes[at + 1] != 0xFF { return at }
            at += 1
        }
        return bytes.count
    }
}
