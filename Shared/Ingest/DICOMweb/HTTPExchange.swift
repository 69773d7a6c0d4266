import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP/1.1 request and its whole response, over Foundation's URLSession (FoundationNetworking on
/// Linux), so DICOMweb needs no extra HTTP client package.
public struct HTTPExchange: Sendable {
    public let status: Int
    /// Header names lower-cased.
    public let headers: [String: String]
    public let body: [UInt8]

    public static func send(_ url: URL, method: String = "GET", headers: [String: String] = [:],
                            body: [UInt8]? = nil, timeout: TimeInterval = 120) async throws -> HTTPExchange {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = Data(body) }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else {
            throw IngestError.http(url: url.absoluteString, status: 0, reason: "not an HTTP response")
        }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return HTTPExchange(status: http.statusCode, headers: fields, body: [UInt8](data))
    }
}
