import Foundation

/// A `multipart/related` body parsed as it arrives, chunk by chunk (RFC 2046 §5.1.1), so a STOW-RS request of
/// hundreds of megabytes is never held in memory: each part's body is handed on in pieces as soon as it cannot be
/// the start of the next delimiter. Only a delimiter's length of bytes (and one part's headers, at most
/// `maxHeaderBytes`) is ever kept back.
public struct MultipartStream: Sendable {
    public enum Event: Sendable, Equatable {
        /// A part starts; header names lower-cased.
        case begin(headers: [String: String])
        case data([UInt8])
        case end
    }

    enum State: Sendable {
        case preamble, afterDelimiter, headers, body, done
    }

    public static let maxHeaderBytes = 16 << 10
    static let maxBoundaryBytes = 1024
    let boundary: String
    /// `--boundary`, as the first delimiter may start the body.
    let delimiter: [UInt8]
    /// `CRLF--boundary`: inside the body the CRLF before the dashes belongs to the delimiter.
    let bodyDelimiter: [UInt8]
    var buffer: [UInt8] = []
    var state = State.preamble

    /// The content type must be `expected` (`multipart/related`, or `multipart/form-data` for a form) with a boundary.
    public init(contentType: String, expected: String = "multipart/related") throws(IngestError) {
        guard Multipart.mediaType(of: contentType) == expected else {
            let wanted = expected == "multipart/related" ? "multipart/related; type=\"application/dicom\"" : expected
            throw .multipart(reason: "Content-Type is '\(contentType)', expected \(wanted)")
        }
        // RFC 2046 says at most 70 characters, but Orthanc's are longer: any length up to a bound is taken.
        guard let boundary = Multipart.parameter("boundary", of: contentType), !boundary.isEmpty,
              boundary.utf8.count <= Self.maxBoundaryBytes else {
            throw .multipart(reason: "Content-Type has no boundary parameter (1 to \(Self.maxBoundaryBytes) characters)")
        }
        self.boundary = boundary
        delimiter = Array("--\(boundary)".utf8)
        bodyDelimiter = [0x0D, 0x0A] + delimiter
    }

    public mutating func feed(_ chunk: [UInt8]) throws(IngestError) -> [Event] {
        buffer += chunk
        var events: [Event] = []
        while true {
            switch state {
            case .done:
                buffer.removeAll()  // the epilogue is ignored
                return events
            case .preamble:
                if let found = Self.find(delimiter, in: buffer) {
                    buffer.removeFirst(found + delimiter.count)
                    state = .afterDelimiter
                } else {
                    buffer.removeFirst(max(0, buffer.count - (delimiter.count - 1)))
                    return events
                }
            case .afterDelimiter:
                // Transport padding (spaces, tabs) may follow a delimiter before its CRLF.
                let padding = buffer.prefix { $0 == 0x20 || $0 == 0x09 }.count
                guard buffer.count >= padding + 2 else { return events }
                if buffer[padding] == 0x2D, buffer[padding + 1] == 0x2D {
                    state = .done
                } else if buffer[padding] == 0x0D, buffer[padding + 1] == 0x0A {
                    buffer.removeFirst(padding + 2)
                    state = .headers
                } else {
                    throw .multipart(reason: "a delimiter '--\(boundary)' is followed by neither CRLF nor '--'")
                }
            case .headers:
                if buffer.starts(with: [0x0D, 0x0A]) {  // a part without headers starts with the blank line
                    buffer.removeFirst(2)
                    events.append(.begin(headers: [:]))
                    state = .body
                } else if let end = Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: buffer) {
                    events.append(.begin(headers: Self.headers(buffer[..<end])))
                    buffer.removeFirst(end + 4)
                    state = .body
                } else {
                    guard buffer.count <= Self.maxHeaderBytes else {
                        throw .multipart(reason: "a part's headers exceed \(Self.maxHeaderBytes) bytes without a blank line")
                    }
                    return events
                }
            case .body:
                if let found = Self.find(bodyDelimiter, in: buffer) {
                    if found > 0 { events.append(.data(Array(buffer[..<found]))) }
                    events.append(.end)
                    buffer.removeFirst(found + bodyDelimiter.count)
                    state = .afterDelimiter
                } else {
                    let safe = buffer.count - (bodyDelimiter.count - 1)
                    if safe > 0 {
                        events.append(.data(Array(buffer[..<safe])))
                        buffer.removeFirst(safe)
                    }
                    return events
                }
            }
        }
    }

    /// The body has ended: it must have ended with the closing delimiter.
    public func finish() throws(IngestError) {
        switch state {
        case .done: return
        case .preamble: throw .multipart(reason: "no part delimited by boundary '\(boundary)'")
        case .afterDelimiter, .headers, .body:
            throw .multipart(reason: "the body ends before the closing delimiter '--\(boundary)--' (cut short?)")
        }
    }

    static func headers(_ bytes: ArraySlice<UInt8>) -> [String: String] {
        var headers: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { continue }
            headers[pair[0].trimmingCharacters(in: .whitespaces).lowercased()] = pair[1].trimmingCharacters(in: .whitespaces)
        }
        return headers
    }

    /// memchr(3) to the needle's first byte, then a compare: the scan over a large body's bytes is the hot loop
    /// of a STOW-RS request (glibc's memmem is not visible to Swift).
    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        return haystack.withUnsafeBytes { hay -> Int? in
            needle.withUnsafeBytes { pin -> Int? in
                guard let base = hay.baseAddress, let pattern = pin.baseAddress else { return nil }
                var offset = 0
                let last = hay.count - pin.count
                while offset <= last {
                    guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return nil }
                    let position = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + position, pattern, pin.count) == 0 { return position }
                    offset = position + 1
                }
                return nil
            }
        }
    }
}
