import Foundation

/// A STOW-RS request's parts written to disk as the body streams in, so that memory holds a delimiter's length of
/// it rather than the whole request: `<inbox>/.stow-spool/<request>/<n>.part` (hidden, so the drop folder never
/// takes them; 0700 folders, 0600 files: they are patients' images), removed once the parts are answered.
/// One request's spool is used by that request's task alone.
public final class PartSpool {
    public struct Part: Sendable {
        public let headers: [String: String]
        public let path: String
        public var contentType: String { headers["content-type"] ?? "" }
    }

    let folder: String
    let maxBytes: Int
    private var stream: MultipartStream
    private var current: (headers: [String: String], path: String, handle: FileHandle)?
    private var parts: [Part] = []
    private var received = 0

    static func root(_ inbox: InboxLayout) -> String { inbox.root + "/.stow-spool" }

    /// Throws for a content type that is not `multipart/related` with a boundary.
    public init(inbox: InboxLayout, contentType: String, maxBytes: Int) throws {
        stream = try MultipartStream(contentType: contentType)
        folder = Self.root(inbox) + "/" + UUID().uuidString.lowercased()
        self.maxBytes = maxBytes
        try InboxLayout.makePrivateFolder(folder)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    public func append(_ chunk: [UInt8]) throws {
        received += chunk.count
        guard received <= maxBytes else { throw IngestError.requestTooLarge(limit: maxBytes) }
        for event in try stream.feed(chunk) {
            switch event {
            case let .begin(headers):
                let path = "\(folder)/\(parts.count + 1).part"
                guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
                      let handle = FileHandle(forWritingAtPath: path) else {
                    throw IngestError.unreadable(file: path, reason: "cannot create a spool file for a STOW-RS part")
                }
                current = (headers, path, handle)
            case let .data(bytes):
                try current?.handle.write(contentsOf: bytes)
            case .end:
                guard let part = current else { continue }
                try part.handle.close()
                parts.append(Part(headers: part.headers, path: part.path))
                current = nil
            }
        }
    }

    /// The parts, once the body has ended with its closing delimiter.
    public func finish() throws -> [Part] {
        try stream.finish()
        return parts
    }

    /// Spools left by a service killed mid-request, older than `age` (a live request's are young).
    public static func sweep(_ inbox: InboxLayout, olderThan age: TimeInterval = 3600, now: Date = Date()) {
        let root = root(inbox)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
            let path = root + "/" + name
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                  now.timeIntervalSince(modified) > age else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
