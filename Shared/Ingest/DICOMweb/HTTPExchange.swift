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
        let data: Data, response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch let error as URLError where !Task.isCancelled && [.cancelled, .userCancelledAuthentication].contains(error.code) {
            // Only the refused challenge cancels a request this task did not cancel itself.
            throw IngestError.http(url: url.absoluteString, status: 401, reason: "the server asked for credentials")
        }
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

/// Credentials go in the request's own Authorization header; a server that still answers 401 gets no second try.
/// Without this delegate FoundationNetworking waits on the challenge forever (a pull against a PACS that wants
/// credentials hung instead of failing).
private final class NoChallenges: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                    completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        completionHandler(.cancelAuthenticationChallenge, nil)
    }
}

private let session = URLSession(configuration: .ephemeral, delegate: NoChallenges(), delegateQueue: nil)
