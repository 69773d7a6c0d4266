import Catalog
import Foundation
import Hummingbird
import Ingest
import JobQueue
import Logging
import PostgresNIO
import TensorStore

/// `scanselect console`: the web console over the operator views and the tensor store. Pages only read; the few
/// actions (skip a pick, retry a dead job) need a logged-in session and a CSRF token, and go through the same
/// library calls as the CLI.
public struct ConsoleServer: Sendable {
    let configuration: ConsoleConfiguration
    let client: PostgresClient
    let reader: ConsoleReader
    let images: ScanImages
    let logger: Logger

    static let sessionCookie = "scanselect_session"

    public init(configuration: ConsoleConfiguration, client: PostgresClient, store: TensorStore, logger: Logger) {
        self.configuration = configuration
        self.client = client
        reader = ConsoleReader(client: client, logger: logger)
        images = ScanImages(reader: reader, store: store, logger: logger)
        self.logger = logger
    }

    /// Serves until the task is cancelled; `onListening` gets the bound port (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let application = Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "scanselect-console"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await application.runService()
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        // As the services' /healthz: healthy while the database answers (the container's health check asks).
        router.get("/healthz") { _, _ in
            do {
                try await client.query("SELECT 1", logger: logger)
                return Responses.json(#"{"service":"console","database":"ok"}"#)
            } catch {
                return Responses.make(.serviceUnavailable, type: "application/json",
                                      bytes: Array(#"{"service":"console","database":"unreachable"}"#.utf8))
            }
        }
        router.get("/assets/console.css") { _, _ in Responses.asset(Stylesheet.css, type: "text/css; charset=utf-8") }
        router.get("/assets/console.js") { _, _ in Responses.asset(Scripts.console, type: "text/javascript; charset=utf-8") }
        router.get("/assets/map.js") { _, _ in Responses.asset(Scripts.map, type: "text/javascript; charset=utf-8") }
        router.get("/assets/batch.js") { _, _ in Responses.asset(Scripts.batch, type: "text/javascript; charset=utf-8") }

        router.get("/") { request, _ in
            await page(request) { session, _ in ProjectsPage.render(try await reader.projects(), session: session) }
        }
        router.get("/projects/:project") { request, context in
            await page(request) { session, csrf in
                OverviewPage.render(try await reader.overview(try context.parameters.require("project")), session: session, csrf: csrf)
            }
        }
        router.get("/projects/:project/live.json") { request, context in
            await respond(request) { _, csrf in
                Responses.json(OverviewPage.live(try await reader.overview(try context.parameters.require("project")), csrf: csrf))
            }
        }
        router.get("/projects/:project/map") { request, context in
            await page(request) { session, _ in
                let project = try context.parameters.require("project")
                _ = try await reader.project(project)
                let filters = try await reader.mapFilters(project)
                return MapPage.render(project: project, clusters: filters.clusters, rounds: filters.rounds, session: session)
            }
        }
        router.get("/projects/:project/map.json") { request, context in
            await respond(request) { _, _ in Responses.json(MapPage.json(try await reader.map(try context.parameters.require("project")))) }
        }
        router.get("/projects/:project/batch") { request, context in
            await page(request) { session, csrf in
                let project = try context.parameters.require("project")
                _ = try await reader.project(project)
                let round = request.uri.queryParameters.get("round", as: Int.self)
                let hasModel = !(try await reader.curve(project)).isEmpty
                return BatchPage.render(project: project, cards: try await reader.batch(project, round: round), hasModel: hasModel,
                                        session: session, csrf: csrf)
            }
        }
        router.get("/scans/:scan") { request, context in
            await page(request) { session, csrf in
                let scan = try scanID(context)
                let history = try await reader.history(scan)
                let depth = history.shape.count == 3 ? history.shape[0] : 1
                return ScanPage.render(history, request: try renderRequest(request), depth: depth, session: session, csrf: csrf)
            }
        }
        router.get("/scans/:scan/image.png") { request, context in
            await respond(request) { _, _ in Responses.png(try await images.png(scan: try scanID(context), request: try renderRequest(request))) }
        }

        router.get("/login") { request, _ in
            Responses.html(LoginPage.render(error: nil, next: Responses.localPath(request.uri.queryParameters["next"].map(String.init), fallback: "/"),
                                            enabled: configuration.token != nil))
        }
        router.post("/login") { request, _ in await login(request) }
        router.post("/logout") { _, _ in
            var response = Responses.redirect(to: "/")
            response.setCookie(cookie(value: "", maxAge: 0))
            return response
        }
        router.post("/scans/:scan/skip") { request, context in
            await act(request) { session, form in
                let scan = try scanID(context)
                let reason = (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                try await client.withCatalogTransaction(logger: logger) { catalog in
                    try await catalog.skipScan(scan, reason: reason.isEmpty ? "skipped in the console" : String(reason.prefix(500)),
                                               by: session.user)
                }
                logger.info("console: scan skipped", metadata: ["scan": "\(scan)", "user": "\(session.user)"])
                return "/scans/\(scan.uuidString.lowercased())"
            }
        }
        router.post("/projects/:project/rounds/:round/close") { request, context in
            await act(request) { session, _ in
                let project = try context.parameters.require("project")
                guard let round = context.parameters.get("round", as: Int.self) else {
                    throw ConsoleError.badRequest(reason: "the round must be a number")
                }
                try await client.withCatalogTransaction(logger: logger) { catalog in
                    guard try await catalog.openRound(project: project) == round else {
                        throw ConsoleError.badRequest(reason: "round \(round) of '\(project)' is not open (reload the page)")
                    }
                    try await catalog.closeRound(project: project, round: round)
                }
                logger.info("console: round closed", metadata: ["project": "\(project)", "round": "\(round)", "user": "\(session.user)"])
                return "/projects/\(project)"
            }
        }
        router.post("/scans/:scan/label") { request, context in
            await act(request, limit: configuration.uploadLimitBytes) { session, form in
                let scan = try scanID(context)
                let upload = try MaskUpload(form: form, user: session.user)
                let project = try await reader.history(scan).project
                let imported = try await LabelImporter(client: client, store: images.store, logger: logger)
                    .importLabel(bytes: upload.bytes, name: upload.sourceName, project: project, scan: scan.uuidString)
                logger.info("console: label uploaded",
                            metadata: ["scan": "\(scan)", "version": "\(imported.version)", "user": "\(session.user)"])
                return "/scans/\(scan.uuidString.lowercased())?overlay=label"
            }
        }
        router.post("/jobs/:job/retry") { request, context in
            await act(request) { session, _ in
                guard let job = context.parameters.get("job", as: Int64.self) else {
                    throw ConsoleError.badRequest(reason: "the job id must be a number")
                }
                let queue = JobQueue(client: client, logger: logger)
                guard let record = try await queue.job(id: job) else { throw ConsoleError.notFound(what: "job \(job)") }
                guard try await queue.retryDead(jobID: job) else {
                    throw ConsoleError.badRequest(reason: "job \(job) is \(record.state.rawValue), not dead: only dead jobs are retried")
                }
                logger.info("console: job retried", metadata: ["job": "\(job)", "user": "\(session.user)"])
                return record.projectID.map { "/projects/\($0)" } ?? "/"
            }
        }
        return router
    }

    // MARK: Sessions and actions

    private func session(_ request: Request) -> Session? {
        guard configuration.token != nil, let value = request.cookies[Self.sessionCookie]?.value, !value.isEmpty else { return nil }
        return Session.verify(value, key: configuration.sessionKey)
    }

    private func cookie(value: String, maxAge: Int) -> Cookie {
        Cookie(name: Self.sessionCookie, value: value, maxAge: maxAge, path: "/", secure: configuration.secureCookies,
               httpOnly: true, sameSite: .strict)
    }

    private func respond(_ request: Request, _ body: (Session?, String?) async throws -> Response) async -> Response {
        let session = session(request)
        do {
            return try await body(session, session?.csrfToken(key: configuration.sessionKey))
        } catch {
            if case .notFound? = error as? ConsoleError {} else { logger.warning("console: \(request.uri.path): \(error)") }
            return Responses.error(error, session: session)
        }
    }

    private func page(_ request: Request, _ body: (Session?, String?) async throws -> String) async -> Response {
        await respond(request) { session, csrf in Responses.html(try await body(session, csrf)) }
    }

    private func login(_ request: Request) async -> Response {
        guard let token = configuration.token else {
            return Responses.error(ConsoleError.unauthorised(reason: "this console is read-only"), session: nil)
        }
        let form = FormBody(String(buffer: (try? await request.body.collect(upTo: 16_384)) ?? ByteBuffer()))
        let next = Responses.localPath(form["next"], fallback: "/")
        let user = form["user"]?.trimmingCharacters(in: .whitespaces) ?? ""
        guard token.accepts(form["token"] ?? "") else {
            logger.warning("console: refused login", metadata: ["user": "\(Session.isValidUser(user) ? user : "(invalid)")"])
            return Responses.html(LoginPage.render(error: "That token is not this console's token.", next: next, enabled: true),
                                  status: .unauthorized)
        }
        do {
            let session = try Session.issue(user: user, lifetime: configuration.sessionLifetime, key: configuration.sessionKey)
            var response = Responses.redirect(to: next)
            response.setCookie(cookie(value: session.value, maxAge: Int(configuration.sessionLifetime)))
            return response
        } catch {
            return Responses.html(LoginPage.render(error: error.description, next: next, enabled: true), status: .badRequest)
        }
    }

    /// An action: a session, a CSRF token matching it, then `body`, which returns where to go next. `limit` bounds
    /// the body read before anything is parsed.
    private func act(_ request: Request, limit: Int = 16_384, _ body: (Session, FormBody) async throws -> String) async -> Response {
        let session = session(request)
        do {
            guard configuration.token != nil else { throw ConsoleError.unauthorised(reason: "this console is read-only") }
            guard let session else { throw ConsoleError.unauthorised(reason: "no session (or it expired)") }
            let bytes: ByteBuffer
            do {
                bytes = try await request.body.collect(upTo: limit)
            } catch {
                throw ConsoleError.badRequest(reason: "the form is larger than \(limit / 1_048_576) MiB (CONSOLE_UPLOAD_LIMIT_MB)")
            }
            let form = try FormBody(Array(buffer: bytes), contentType: request.headers[.contentType] ?? "")
            guard session.acceptsCSRF(form["csrf"] ?? "", key: configuration.sessionKey) else {
                throw ConsoleError.unauthorised(reason: "the form's CSRF token does not match this session: reload the page")
            }
            return Responses.redirect(to: try await body(session, form))
        } catch {
            logger.warning("console: action \(request.uri.path) refused: \(error)")
            return Responses.error(error, session: session)
        }
    }
}

private func scanID(_ context: BasicRequestContext) throws -> UUID {
    guard let text = context.parameters.get("scan"), let id = UUID(uuidString: text) else {
        throw ConsoleError.badRequest(reason: "a scan id is a UUID, as `scanselect selection` prints it")
    }
    return id
}

private func renderRequest(_ request: Request) throws -> RenderRequest {
    let query = request.uri.queryParameters
    let overlayText = query["overlay"].map(String.init) ?? "none"
    guard let overlay = Overlay(rawValue: overlayText) else {
        throw ConsoleError.badRequest(reason: "overlay '\(overlayText)' is not one of \(Overlay.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    func number(_ name: Substring) throws -> Double? {
        guard let text = query[name].map(String.init), !text.isEmpty else { return nil }
        guard let value = Double(text), value.isFinite else { throw ConsoleError.badRequest(reason: "\(name) '\(text)' is not a number") }
        return value
    }
    return RenderRequest(side: try number("side").map { Int($0) }, slice: try number("slice").map { Int($0) },
                         window: try number("window"), level: try number("level"), overlay: overlay)
}
