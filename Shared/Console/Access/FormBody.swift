import Foundation
import Ingest

/// A form as posted: `application/x-www-form-urlencoded` (every action) or `multipart/form-data` (the mask upload,
/// whose file parts are kept apart as bytes).
public struct FormBody: Sendable {
    public struct File: Sendable, Equatable {
        public let fileName: String
        public let bytes: [UInt8]
    }

    public let fields: [String: String]
    public let files: [String: File]

    public init(_ body: String) {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            fields[name] = parts.count > 1 ? Self.decode(parts[1]) ?? "" : ""
        }
        self.init(fields: fields, files: [:])
    }

    private init(fields: [String: String], files: [String: File]) {
        (self.fields, self.files) = (fields, files)
    }

    public init(_ body: [UInt8], contentType: String) throws(ConsoleError) {
        guard Multipart.mediaType(of: contentType) == "multipart/form-data" else {
            self.init(String(decoding: body, as: UTF8.self))
            return
        }
        let parts: [Multipart.Part]
        do {
            parts = try Multipart.parts(body, contentType: contentType, expected: "multipart/form-data")
        } catch {
            throw .badRequest(reason: "the upload is not a readable form (\(error.description)); send it from the scan page")
        }
        var fields: [String: String] = [:], files: [String: File] = [:]
        for part in parts {
            guard let name = part.formName else { continue }
            if let fileName = part.fileName {
                files[name] = File(fileName: fileName, bytes: part.body)
            } else {
                fields[name] = String(decoding: part.body, as: UTF8.self)
            }
        }
        self.init(fields: fields, files: files)
    }

    public subscript(_ name: String) -> String? { fields[name] }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
