/// One DHT table (T.81 annex C) as a 16-bit lookup: the next 16 bits of the stream index straight to the code's
/// length and symbol, so decoding a difference category is one load.
struct JPEGHuffmanTable: Sendable {
    /// `length << 8 | symbol`; 0 marks bit patterns that start no code.
    private let lookup: [UInt16]

    /// `counts[i]` codes of length i + 1, then the symbols in code order.
    init(counts: [Int], symbols: [UInt8]) throws(JPEGCodestreamError) {
        guard counts.count == 16, counts.reduce(0, +) == symbols.count else {
            throw JPEGCodestreamError("a Huffman table's code counts do not match its symbols")
        }
        var lookup = [UInt16](repeating: 0, count: 1 << 16)
        var code = 0, next = 0
        for length in 1...16 {
            for _ in 0..<counts[length - 1] {
                guard code < 1 << length else {
                    throw JPEGCodestreamError("a Huffman table has more codes of length \(length) than fit")
                }
                let shift = 16 - length
                let entry = UInt16(length << 8) | UInt16(symbols[next])
                for index in (code << shift)..<((code + 1) << shift) { lookup[index] = entry }
                code += 1
                next += 1
            }
            code <<= 1
        }
        self.lookup = lookup
    }

    /// Length and symbol of the code at the top of `bits` (the next 16 bits of the stream), nil if none starts there.
    @inline(__always)
    func decode(_ bits: UInt16) -> (length: Int, symbol: Int)? {
        let entry = lookup[Int(bits)]
        return entry == 0 ? nil : (Int(entry >> 8), Int(entry & 0xFF))
    }
}
