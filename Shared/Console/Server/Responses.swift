import Foundation
import HTTPTypes
import Hummingbird

/// Responses with the console's security headers: no framing, no sniffing, scripts and styles only from itself.
enum Responses {
    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
    ]

    static func make(_ status: HTTPResponse.Status, type: String, bytes: some Sequence<UInt8>, cache: String = "no-store") -> Response {
        var headers = securityHeaders
        headers[.contentType] = type
        headers[.cacheControl] = cache
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: Array(bytes))))
    }

    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        make(status, type: "text/html; charset=utf-8", bytes: Array(page.utf8))
    }

    static func json(_ text: String) -> Response { make(.ok, type: "application/json", bytes: Array(text.utf8)) }

    static func asset(_ text: String, type: String) -> Response {
        make(.ok, type: type, bytes: Array(text.utf8), cache: "public, max-age=300")
    }

    /// Rendered images are cached by content in the store; the browser may keep them a while too.
    static func png(_ bytes: [UInt8]) -> Response { make(.ok, type: "image/png", bytes: bytes, cache: "private, max-age=60") }

    static func redirect(to location: String) -> Response {
        var headers = securityHeaders
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    static func error(_ error: any Error, session: Session?) -> Response {
        let status: HTTPResponse.Status
        switch error as? ConsoleError {
        case .notFound?: status = .notFound
        case .badRequest?, .invalidSetting?, .imageUnavailable?: status = .badRequest
        case .unauthorised?: status = .forbidden
        case nil: status = .internalServerError
        }
        let page = Layout(title: "\(status.code) \(status.reasonPhrase)", project: nil, session: session)
            .render("<p class=\"bad\" id=\"error\">\(HTML.escape(String(describing: error)))</p><p><a href=\"/\">Projects</a></p>")
        return html(page, status: status)
    }

    /// A local path to go back to, never another site (`//host` or `https://…`).
    static func localPath(_ candidate: String?, fallback: String) -> String {
        guard let candidate, candidate.hasPrefix("/"), !candidate.hasPrefix("//"), !candidate.contains("\\") else { return fallback }
        return candidate
    }
}
