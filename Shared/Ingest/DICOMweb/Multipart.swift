import Foundation
/// `multipart/related` bodies (RFC 2387), as STOW-RS requests and WADO-RS responses carry DICOM instances, and
/// `multipart/form-data` bodies, as the console's mask upload form sends them.
public enum Multipart {
    public struct Part: Sendable {
        /// Header names lower-cased.
        public let headers: [String: String]
        public let body: [UInt8]
        public var contentType: String { headers["content-type"] ?? "" }
        /// A form-data part's field name and file name (from Content-Disposition).
        public var formName: String? { headers["content-disposition"].flatMap { Multipart.parameter("name", of: $0) } }
        public var fileName: String? { headers["content-disposition"].flatMap { Multipart.parameter("filename", of: $0) } }
    }

    /// A parameter of a header value such as `multipart/related; type="application/dicom"; boundary=abc`.
    public static func parameter(_ name: String, of headerValue: String) -> String? {
        for field in headerValue.split(separator: ";").dropFirst() {
            let pair = field.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == name.lowercased() else { continue }
            return pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2
                ? String(pair[1].dropFirst().dropLast()) : pair[1]
        }
        return nil
    }

    public static func mediaType(of headerValue: String) -> String {
        (headerValue.split(separator: ";").first.map(String.init) ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// `expected`: `multipart/related` (STOW-RS, WADO-RS) or `multipart/form-data` (an HTML form's file upload,
    /// RFC 7578: the same framing, each part named by its Content-Disposition).
    public static func parts(_ body: [UInt8], contentType: String,
                             expected: String = "multipart/related") throws(IngestError) -> [Part] {
        guard mediaType(of: contentType) == expected else {
            let wanted = expected == "multipart/related" ? "multipart/related; type=\"application/dicom\"" : expected
            throw .multipart(reason: "Content-Type is '\(contentType)', expected \(wanted)")
        }
        guard let boundary = parameter("boundary", of: contentType), !boundary.isEmpty else {
            throw .multipart(reason: "Content-Type has no boundary parameter")
        }
        let delimiter = Array("--\(boundary)".utf8)
        var positions: [Int] = []
        var index = 0
        while let found = find(delimiter, in: body, from: index) {
            positions.append(found)
            index = found + delimiter.count
        }
        guard positions.count >= 2 else { throw .multipart(reason: "no part delimited by boundary '\(boundary)'") }
        var parts: [Part] = []
        for (start, end) in zip(positions, positions.dropFirst()) {
            var partStart = start + delimiter.count
            if body[partStart...].starts(with: [0x2D, 0x2D]) { break }  // closing delimiter
            if body[partStart...].starts(with: [0x0D, 0x0A]) { partStart += 2 }
            // The CRLF before the next delimiter belongs to the delimiter.
            let partEnd = end >= 2 && body[end - 2] == 0x0D && body[end - 1] == 0x0A ? end - 2 : end
            parts.append(try part(Array(body[partStart..<max(partStart, partEnd)])))
        }
        return parts
    }

    private static func part(_ bytes: [UInt8]) throws(IngestError) -> Part {
        guard let split = find([0x0D, 0x0A, 0x0D, 0x0A], in: bytes, from: 0) else {
            // A part without headers starts with the blank line.
            if bytes.starts(with: [0x0D, 0x0A]) { return Part(headers: [:], body: Array(bytes.dropFirst(2))) }
            throw .multipart(reason: "a part has no blank line between its headers and its body")
        }
        var headers: [String: String] = [:]
        for line in String(decoding: bytes[..<split], as: UTF8.self).components(separatedBy: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { continue }
            headers[pair[0].trimmingCharacters(in: .whitespaces).lowercased()] = pair[1].trimmingCharacters(in: .whitespaces)
        }
        return Part(headers: headers, body: Array(bytes[(split + 4)...]))
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// A body of `application/dicom` parts (for tests and for clients).
    public static func body(_ parts: [[UInt8]], boundary: String, type: String = "application/dicom") -> [UInt8] {
        var body: [UInt8] = []
        for part in parts {
            body += Array("--\(boundary)\r\nContent-Type: \(type)\r\n\r\n".utf8) + part + Array("\r\n".utf8)
        }
        return body + Array("--\(boundary)--\r\n".utf8)
    }
}
