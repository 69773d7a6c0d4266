import CZlib

/// Thin, bounded wrappers over zlib. Output sizes are always capped by the caller, so a small malicious stream
/// cannot expand into gigabytes ("zip bomb").
enum Zlib {
    enum Container: Sendable {
        /// RFC 1950 stream (PNG IDAT).
        case zlib
        /// RFC 1951 stream without header (DICOM Deflated Explicit VR Little Endian).
        case raw
        /// RFC 1952 gzip, with zlib accepted too (.nii.gz).
        case gzipOrZlib

        var windowBits: Int32 {
            switch self {
            case .zlib: return 15
            case .raw: return -15
            case .gzipOrZlib: return 15 + 32
            }
        }
    }

    /// Deflate can expand by at most 1032:1, so no honest stream of `compressedCount` bytes inflates past this.
    static func maximumInflatedSize(compressedCount: Int) -> Int {
        compressedCount.multipliedReportingOverflow(by: 1032).overflow ? Int.max : compressedCount * 1032 + 1024
    }

    /// Inflates exactly `size` bytes, or fewer if `allowShorter` and the stream ends first. Output past `size`
    /// is never produced, which lets callers decode just a header from the front of a stream.
    static func inflate(_ input: ArraySlice<UInt8>, container: Container, size: Int, allowShorter: Bool = false,
                        source: String, field: String) throws(ImagingError) -> [UInt8] {
        let output = try run(input, container: container, initialSize: size, limit: nil, source: source, field: field)
        guard output.count == size || allowShorter else {
            throw .truncated(file: source, field: field + " (decompressed)", needed: size, available: output.count)
        }
        return output
    }

    /// Inflates a stream of unknown decompressed size, growing the buffer up to `limit` bytes.
    static func inflateAll(_ input: ArraySlice<UInt8>, container: Container, limit: Int, source: String,
                           field: String) throws(ImagingError) -> [UInt8] {
        try run(input, container: container, initialSize: min(limit, max(4096, input.count * 4)), limit: limit,
                source: source, field: field)
    }

    /// Compresses as a zlib (RFC 1950) stream, as PNG requires.
    static func deflate(_ input: [UInt8], level: Int32 = 6) -> [UInt8] {
        var bound = compressBound(uLong(input.count))
        var output = [UInt8](repeating: 0, count: Int(bound))
        let status = output.withUnsafeMutableBufferPointer { outBuf in
            input.withUnsafeBufferPointer { inBuf in
                compress2(outBuf.baseAddress, &bound, inBuf.baseAddress, uLong(inBuf.count), level)
            }
        }
        // compressBound guarantees room and the level is valid, so zlib can only fail on memory exhaustion.
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        output.removeSubrange(Int(bound)...)
        return output
    }

    static func crc32(_ bytes: ArraySlice<UInt8>, initial: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBufferPointer { buf in
            UInt32(CZlib.crc32(uLong(initial), buf.baseAddress, uInt(buf.count)))
        }
    }

    /// The one inflate loop. With `limit` nil it stops once `initialSize` bytes are out; otherwise it grows the
    /// output up to `limit` and fails beyond. Returns exactly the bytes produced.
    private static func run(_ input: ArraySlice<UInt8>, container: Container, initialSize: Int, limit: Int?,
                            source: String, field: String) throws(ImagingError) -> [UInt8] {
        var stream = z_stream()
        let status = inflateInit2_(&stream, container.windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw .corruptCompressedData(file: source, field: field, detail: "zlib initialisation failed (\(status))")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: initialSize)
        var produced = 0
        try input.withUnsafeBufferPointer { (inBuf) throws(ImagingError) in
            var consumed = 0
            while true {
                if produced == output.count {
                    guard let limit else { return }
                    guard output.count < limit else {
                        throw .corruptCompressedData(file: source, field: field,
                                                     detail: "expands beyond \(limit) bytes, more than deflate allows")
                    }
                    output.append(contentsOf: repeatElement(0, count: min(limit - output.count, max(4096, output.count))))
                }
                // avail_in is 32-bit: feed very large inputs in pieces.
                if stream.avail_in == 0, consumed < inBuf.count, let base = inBuf.baseAddress {
                    let piece = min(inBuf.count - consumed, 1 << 30)
                    stream.next_in = UnsafeMutablePointer(mutating: base + consumed)
                    stream.avail_in = UInt32(piece)
                    consumed += piece
                }
                let status = output.withUnsafeMutableBufferPointer { outBuf -> Int32 in
                    stream.next_out = outBuf.baseAddress.map { $0 + produced }
                    stream.avail_out = UInt32(clamping: outBuf.count - produced)
                    let before = stream.avail_out
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    produced += Int(before - stream.avail_out)
                    return status
                }
                switch status {
                case Z_STREAM_END:
                    return
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0 && consumed == inBuf.count:
                    throw .truncated(file: source, field: field + " (compressed stream)", needed: 1, available: 0)
                case Z_BUF_ERROR:
                    continue
                default:
                    let detail = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                    throw .corruptCompressedData(file: source, field: field, detail: detail)
                }
            }
        }
        output.removeSubrange(produced...)
        return output
    }
}
