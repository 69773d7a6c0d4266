/// A remote DICOM application entity: `AE@host:port`, as `--to dimse` and export destinations name it.
public struct DIMSEPeer: Sendable, Equatable, CustomStringConvertible {
    public let aeTitle: String
    public let host: String
    public let port: Int

    public init(aeTitle: String, host: String, port: Int) {
        (self.aeTitle, self.host, self.port) = (aeTitle, host, port)
    }

    /// `AE@host:port` (an optional `dimse://` in front); nil for anything else. AE titles are 1–16 characters of
    /// the default repertoire without backslash (PS3.5 §6.2).
    public init?(parsing text: String) {
        let body = text.hasPrefix(Self.scheme) ? String(text.dropFirst(Self.scheme.count)) : text
        guard let at = body.lastIndex(of: "@"), let colon = body.lastIndex(of: ":"), at < colon,
              let port = Int(body[body.index(after: colon)...]), (1...65535).contains(port) else { return nil }
        let title = String(body[..<at]), host = String(body[body.index(after: at)..<colon])
        guard (1...16).contains(title.count), !host.isEmpty,
              title.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F && $0 != "\\" }) else { return nil }
        self.init(aeTitle: title, host: host, port: port)
    }

    public static let scheme = "dimse://"

    public var description: String { "\(Self.scheme)\(aeTitle)@\(host):\(port)" }
}
