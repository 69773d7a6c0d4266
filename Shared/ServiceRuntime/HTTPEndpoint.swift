import Database
import Hummingbird
import Logging
import PostgresNIO
import Prometheus

/// `/healthz` (is the database reachable?) and `/metrics` (Prometheus text) for one service.
enum HTTPEndpoint {
    static func application(configuration: ServiceConfiguration, client: PostgresClient,
                            registry: PrometheusCollectorRegistry, service: String,
                            logger: Logger,
                            routes: @Sendable (Router<BasicRequestContext>) -> Void) -> some ApplicationProtocol {
        let router = Router()
        router.get("healthz") { _, _ -> Response in
            let reachable = (try? await withDeadline(seconds: 2, operation: "health check") {
                try await client.query("SELECT 1")
                return true
            }) ?? false
            let body = #"{"service":"\#(service)","database":"\#(reachable ? "ok" : "unreachable")"}"#
            return Response(status: reachable ? .ok : .serviceUnavailable,
                            headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        routes(router)
        return Application(router: router,
                           configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort),
                                                serverName: service),
                           logger: logger)
    }
}
