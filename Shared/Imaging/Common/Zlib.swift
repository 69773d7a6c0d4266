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

    /// Inflates exactly `size` bytes, or fewer if `allowShorter` and the stream ends first. Extra output past
    /// `size` is not produced, which lets callers decode just a header from the front of a stream.
    static func inflate(_ input: ArraySlice<UInt8>, container: Container, size: Int, allowShorter: Bool = false,
                        source: String, field: String) throws(ImagingError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size)
        let produced = try run(input, container: container, output: &output, stopWhenFull: true, source: source,
                               field: field)
        if produced < size {
            guard allowShorter else {
                throw .truncated(file: source, field: field + " (decompressed)", needed: size, available: produced)
            }
            output.removeSubrange(produced...)
        }
        return output
    }

    /// Inflates a stream of unknown decompressed size, growing the buffer up to `limit` bytes.
    static func inflateAll(_ input: ArraySlice<UInt8>, container: Container, limit: Int, source: String,
                           field: String) throws(ImagingError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: min(limit, max(4096, input.count * 4)))
        var produced = 0
        var stream = z_stream()
        try initialise(&stream, container: container, source: source, field: field)
        defer { inflateEnd(&stream) }
        return try input.withUnsafeBufferPointer { (inBuf) throws(ImagingError) -> [UInt8] in
            stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
            stream.avail_in = UInt32(clamping: inBuf.count)
            while true {
                if produced == output.count {
                    guard output.count < limit else {
                        throw .implausibleSize(file: source, field: field + " (decompressed)", claimedBytes: limit + 1,
                                               availableBytes: limit)
                    }
                    output.append(contentsOf: repeatElement(0, count: min(limit - output.count, output.count)))
                }
                let status = output.withUnsafeMutableBufferPointer { outBuf -> Int32 in
                    stream.next_out = outBuf.baseAddress.map { $0 + produced }
                    stream.avail_out = UInt32(clamping: outBuf.count - produced)
                    let before = stream.avail_out
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    produced += Int(before - stream.avail_out)
                    return status
                }
                if status == Z_STREAM_END { break }
                if status == Z_OK { continue }
                if status == Z_BUF_ERROR && stream.avail_in == 0 {
                    throw .truncated(file: source, field: field + " (compressed stream)", needed: 1, available: 0)
                }
                if status == Z_BUF_ERROR { continue }
                throw .corruptCompressedData(file: source, field: field, detail: message(stream, status))
            }
            output.removeSubrange(produced...)
            return output
        }
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

    private static func initialise(_ stream: inout z_stream, container: Container, source: String,
                                   field: String) throws(ImagingError) {
        let status = inflateInit2_(&stream, container.windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw .corruptCompressedData(file: source, field: field, detail: "zlib initialisation failed (\(status))")
        }
    }

    private static func run(_ input: ArraySlice<UInt8>, container: Container, output: inout [UInt8],
                            stopWhenFull: Bool, source: String, field: String) throws(ImagingError) -> Int {
        var stream = z_stream()
        try initialise(&stream, container: container, source: source, field: field)
        defer { inflateEnd(&stream) }
        let total = output.count
        return try input.withUnsafeBufferPointer { (inBuf) throws(ImagingError) -> Int in
            try output.withUnsafeMutableBufferPointer { (outBuf) throws(ImagingError) -> Int in
                stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
                stream.avail_in = UInt32(clamping: inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = UInt32(clamping: total)
                while true {
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    let produced = total - Int(stream.avail_out)
                    if status == Z_STREAM_END || (stopWhenFull && produced == total) { return produced }
                    if status == Z_OK { continue }
                    if status == Z_BUF_ERROR {
                        throw .truncated(file: source, field: field + " (compressed stream)", needed: total,
                                         available: produced)
                    }
                    throw .corruptCompressedData(file: source, field: field, detail: message(stream, status))
                }
            }
        }
    }

    private static func message(_ stream: z_stream, _ status: Int32) -> String {
        if let text = stream.msg { return String(cString: text) }
        return "zlib status \(status)"
    }
}
