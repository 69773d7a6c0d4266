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
    /// RFC 7578: the same framing, each part named by its Content-Disposition). A body already in memory, parsed by
    /// the same `MultipartStream` that STOW-RS requests stream through.
    public static func parts(_ body: [UInt8], contentType: String,
                             expected: String = "multipart/related") throws(IngestError) -> [Part] {
        var stream = try MultipartStream(contentType: contentType, expected: expected)
        var (parts, headers, bytes) = ([Part](), [String: String](), [UInt8]())
        for event in try stream.feed(body) {
            switch event {
            case let .begin(found): (headers, bytes) = (found, [])
            case let .data(piece): bytes += piece
            case .end: parts.append(Part(headers: headers, body: bytes))
            }
        }
        try stream.finish()
        return parts
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
