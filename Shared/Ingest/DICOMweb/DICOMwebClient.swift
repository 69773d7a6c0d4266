import Foundation

/// The QIDO-RS searches and WADO-RS retrieval a pull needs, against any DICOMweb origin server.
public struct DICOMwebClient: Sendable {
    public struct SeriesReference: Sendable, Hashable {
        public let study: String
        public let series: String
    }

    public let base: String
    /// The Authorization header value, when the server wants one (see `DICOMwebCredentials`).
    let authorization: String?
    /// Explicit VR Little Endian: the origin server transcodes whatever it stores to what every reader decodes.
    static let accept = "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1"

    public init(base: String, credentials: DICOMwebCredentials = .none) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        authorization = credentials.authorization(for: base)
    }

    /// The series of one study, or every series matching `query` (QIDO-RS attribute=value pairs).
    public func series(study: String?, query: [(String, String)]) async throws -> [SeriesReference] {
        let path = study.map { "/studies/\(Self.escape($0))/series" } ?? "/series"
        let search = (query + [("includefield", "0020000D")])
            .map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        let found = try await searchResults(path + "?" + search)
        return found.compactMap { object in
            guard let series = Self.string(object, "0020000E"), let studyUID = Self.string(object, "0020000D") ?? study
            else { return nil }
            return SeriesReference(study: studyUID, series: series)
        }
    }

    /// The SOP Instance UIDs of a series (QIDO-RS), to check the retrieval against.
    public func instances(of reference: SeriesReference) async throws -> [String] {
        try await searchResults("/studies/\(Self.escape(reference.study))/series/\(Self.escape(reference.series))/instances")
            .compactMap { Self.string($0, "00080018") }
    }

    /// As stored: for when the origin server cannot transcode (a JPEG 2000 series on a PACS without the codec).
    static let acceptAsStored = "multipart/related; type=\"application/dicom\"; transfer-syntax=*"

    /// Every instance of a series as Part-10 bytes (WADO-RS): transcoded to Explicit VR Little Endian, or — when
    /// the server cannot transcode — as stored, so the instances ScanSelect decodes itself still arrive.
    public func retrieve(_ reference: SeriesReference) async throws -> [[UInt8]] {
        let path = "/studies/\(Self.escape(reference.study))/series/\(Self.escape(reference.series))"
        let response: HTTPExchange
        do {
            response = try await get(path, accept: Self.accept)
        } catch let transcoding as IngestError {
            do {
                response = try await get(path, accept: Self.acceptAsStored)
            } catch {
                throw IngestError.http(url: base + path, status: 0,
                                       reason: "transcoded: \(transcoding); as stored: \(error)")
            }
        }
        return try Multipart.parts(response.body, contentType: response.headers["content-type"] ?? "").map(\.body)
    }

    func searchResults(_ path: String) async throws -> [[String: Any]] {
        let response = try await get(path, accept: "application/dicom+json")
        // QIDO-RS answers 204 No Content when nothing matches.
        if response.status == 204 || response.body.isEmpty { return [] }
        guard let array = try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]] else {
            throw IngestError.http(url: base + path, status: response.status, reason: "QIDO-RS answer is not a DICOM JSON array")
        }
        return array
    }

    private func get(_ path: String, accept: String) async throws -> HTTPExchange {
        guard let url = URL(string: base + path) else {
            throw IngestError.http(url: base + path, status: 0, reason: "not a valid URL; check --dicomweb")
        }
        var headers = ["Accept": accept]
        if let authorization { headers["Authorization"] = authorization }
        // A 401 arrives as a status or, when the server sends a challenge, as the refused challenge's error.
        let response: HTTPExchange
        do {
            response = try await HTTPExchange.send(url, headers: headers)
        } catch IngestError.http(_, 401, _) {
            throw refusedCredentials(url, status: 401)
        }
        if response.status == 401 || response.status == 403 { throw refusedCredentials(url, status: response.status) }
        guard (200..<300).contains(response.status) else {
            throw IngestError.http(url: url.absoluteString, status: response.status,
                                   reason: String(decoding: response.body.prefix(4096), as: UTF8.self))
        }
        return response
    }

    private func refusedCredentials(_ url: URL, status: Int) -> IngestError {
        .http(url: url.absoluteString, status: status,
              reason: authorization == nil
                  ? "the server wants credentials: add its root to the file \(DICOMwebCredentials.variable) names"
                  : "the server refused the credentials \(DICOMwebCredentials.variable) gives for it")
    }

    static func string(_ object: [String: Any], _ tag: String) -> String? {
        ((object[tag] as? [String: Any])?["Value"] as? [Any])?.first as? String
    }

    static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? value
    }
}
