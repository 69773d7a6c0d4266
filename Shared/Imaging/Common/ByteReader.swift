/// Bounds-checked reads of fixed-width numbers from untrusted bytes. Every read names the field it is for, so
/// a short file produces an error that says what was being read rather than a trap; the name is an autoclosure
/// so that building it costs nothing unless the read fails.
struct ByteReader: Sendable {
    let bytes: [UInt8]
    let source: String
    var bigEndian: Bool

    init(_ bytes: [UInt8], source: String, bigEndian: Bool = false) {
        self.bytes = bytes
        self.source = source
        self.bigEndian = bigEndian
    }

    var count: Int { bytes.count }

    func require(_ offset: Int, _ length: Int, field: @autoclosure () -> String) throws(ImagingError) {
        guard offset >= 0, length >= 0, offset <= bytes.count, length <= bytes.count - offset else {
            throw .truncated(file: source, field: field(), needed: length, available: max(0, bytes.count - max(0, offset)))
        }
    }

    func u8(_ offset: Int, field: @autoclosure () -> String) throws(ImagingError) -> UInt8 {
        try require(offset, 1, field: field())
        return bytes[offset]
    }

    func u16(_ offset: Int, field: @autoclosure () -> String) throws(ImagingError) -> UInt16 {
        try unsigned(offset, field: field())
    }

    func u32(_ offset: Int, field: @autoclosure () -> String) throws(ImagingError) -> UInt32 {
        try unsigned(offset, field: field())
    }

    func u64(_ offset: Int, field: @autoclosure () -> String) throws(ImagingError) -> UInt64 {
        try unsigned(offset, field: field())
    }

    private func unsigned<T: FixedWidthInteger & UnsignedInteger>(_ offset: Int,
                                                                  field: @autoclosure () -> String) throws(ImagingError) -> T {
        let size = MemoryLayout<T>.size
        try require(offset, size, field: field())
        var value: T = 0
        for i in 0..<size { value = value << 8 | T(bytes[offset + (bigEndian ? i : size - 1 - i)]) }
        return value
    }

    func i16(_ offset: Int, field: @autoclosure () -> String) throws(ImagingError) -> Int16 {
        Int16(bitPattern: try u16(offset, field: field()))
    }

    func i32(_ offset: Int, field: @autoclosure () -> String) throws(ImagingError) -> Int32 {
        Int32(bitPattern: try u32(offset, field: field()))
    }

    func i64(_ offset: Int, field: @autoclosure () -> String) throws(ImagingError) -> Int64 {
        Int64(bitPattern: try u64(offset, field: field()))
    }

    func f32(_ offset: Int, field: @autoclosure () -> String) throws(ImagingError) -> Float {
        Float(bitPattern: try u32(offset, field: field()))
    }

    func f64(_ offset: Int, field: @autoclosure () -> String) throws(ImagingError) -> Double {
        Double(bitPattern: try u64(offset, field: field()))
    }

    /// Fixed-width text field, cut at the first NUL.
    func ascii(_ offset: Int, _ length: Int, field: @autoclosure () -> String) throws(ImagingError) -> String {
        try require(offset, length, field: field())
        let slice = bytes[offset..<(offset + length)]
        let end = slice.firstIndex(of: 0) ?? slice.endIndex
        return String(decoding: slice[slice.startIndex..<end], as: UTF8.self)
    }

    func slice(_ offset: Int, _ length: Int, field: @autoclosure () -> String) throws(ImagingError) -> ArraySlice<UInt8> {
        try require(offset, length, field: field())
        return bytes[offset..<(offset + length)]
    }
}

/// Printable form of the first bytes of a file, for "wrong magic" messages.
func hexPreview(_ bytes: some Collection<UInt8>, limit: Int = 8) -> String {
    bytes.prefix(limit).map { byte in
        let hex = String(byte, radix: 16, uppercase: true)
        return byte < 16 ? "0" + hex : hex
    }.joined(separator: " ")
}

/// Multiplies non-negative sizes, returning nil instead of trapping on overflow: header fields are attacker
/// controlled, and a product that overflows is itself proof that the header lies.
func checkedProduct(_ factors: [Int]) -> Int? {
    var total = 1
    for factor in factors {
        guard factor >= 0 else { return nil }
        let (product, overflow) = total.multipliedReportingOverflow(by: factor)
        if overflow { return nil }
        total = product
    }
    return total
}
