import Catalog
import Database
import Foundation
import Hummingbird
import Ingest
import PostgresNIO

/// DICOMweb STOW-RS on the service's HTTP port: `POST /studies` (project from `?project=` or
/// `SCANSELECT_DEFAULT_PROJECT`) and `POST /projects/{project}/studies`, bearer token required.
struct STOWRoutes: Sendable {
    let receiver: STOWReceiver
    let client: PostgresClient
    let token: String
    let maxBytes: Int
    let defaultProject: String?

    func register(on router: Router<BasicRequestContext>) {
        router.post("studies") { request, context in
            await handle(request, context: context, project: request.uri.queryParameters.get("project") ?? defaultProject)
        }
        router.post("projects/:project/studies") { request, context in
            await handle(request, context: context, project: context.parameters.get("project"))
        }
    }

    private func handle(_ request: Request, context: BasicRequestContext, project: String?) async -> Response {
        guard BearerToken(token).accepts(authorization: request.headers[.authorization]) else {
            return Self.text(.unauthorized, "missing or wrong bearer token (Authorization: Bearer <STOW_TOKEN>)",
                             headers: [.wwwAuthenticate: "Bearer"])
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            return Self.text(.contentTooLarge, "request of \(length) bytes exceeds STOW_MAX_BYTES = \(maxBytes); send fewer instances per request")
        }
        guard let project else {
            return Self.text(.badRequest, "no project: POST to /projects/{project}/studies, add ?project=, or set SCANSELECT_DEFAULT_PROJECT")
        }
        do {
            try STOWReceiver.validate(project: project)
            // A database that does not answer must not hold the PACS's push until its client gives up (and then
            // store it anyway): a short deadline, then 503 with Retry-After so the sender tries again.
            let (client, logger) = (self.client, receiver.logger)
            _ = try await withDeadline(seconds: Self.databaseDeadline, operation: "STOW-RS project lookup") {
                try await client.withCatalog(logger: logger) { try await $0.configuration(of: project) }
            }
        } catch let error as CatalogError {
            return Self.text(error == .unknownProject(project) ? .notFound : .badRequest, error.description)
        } catch {
            receiver.logger.error("STOW-RS request failed", metadata: ["error": "\(error)"])
            return Self.text(.serviceUnavailable, "cannot store now (\(error)); retry in \(Self.retryAfterSeconds) s",
                             headers: [.retryAfter: "\(Self.retryAfterSeconds)"])
        }
        let contentType = request.headers[.contentType] ?? ""
        let parts: [PartSpool.Part]
        let spool: PartSpool
        do {
            spool = try PartSpool(inbox: receiver.reception.inbox, contentType: contentType, maxBytes: maxBytes)
            // Streamed to disk part by part: the body is never whole in memory.
            for try await chunk in request.body { try spool.append(Array(buffer: chunk)) }
            parts = try spool.finish()
        } catch IngestError.requestTooLarge(let limit) {
            return Self.text(.contentTooLarge, IngestError.requestTooLarge(limit: limit).description)
        } catch let error as IngestError {
            // 415 is for a media type other than multipart/related; a multipart body that does not parse is a bad request.
            let wrongType = Multipart.mediaType(of: contentType) != "multipart/related"
            receiver.logger.warning("STOW-RS request refused", metadata: ["error": "\(error)"])
            return Self.text(wrongType ? .unsupportedMediaType : .badRequest, error.description)
        } catch {
            receiver.logger.error("STOW-RS body not received", metadata: ["error": "\(error)"])
            return Self.text(.serviceUnavailable, "cannot receive now (\(error)); retry in \(Self.retryAfterSeconds) s",
                             headers: [.retryAfter: "\(Self.retryAfterSeconds)"])
        }
        let response = await receiver.store(parts, project: project)
        withExtendedLifetime(spool) {}  // its folder goes once every part is answered
        return Response(status: .init(code: response.status), headers: [.contentType: "application/dicom+json"],
                        body: .init(byteBuffer: ByteBuffer(string: response.json)))
    }

    static let databaseDeadline = 5.0
    static let retryAfterSeconds = 30

    private static func text(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}
