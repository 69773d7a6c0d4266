import Hummingbird
import ServiceLifecycle

/// What a service runs beside its job handler: routes on its HTTP endpoint (e.g. a DICOMweb receiver) and
/// long-running tasks (e.g. a folder watcher), started and stopped with the rest of the service.
public struct ServiceExtras: Sendable {
    public var routes: @Sendable (Router<BasicRequestContext>) -> Void
    public var background: [@Sendable () async throws -> Void]

    public init(routes: @escaping @Sendable (Router<BasicRequestContext>) -> Void = { _ in },
                background: [@Sendable () async throws -> Void] = []) {
        self.routes = routes
        self.background = background
    }
}

/// A background task as a lifecycle service: cancelled on SIGTERM/SIGINT like the workers.
struct BackgroundTask: Service {
    let body: @Sendable () async throws -> Void

    func run() async throws {
        try await cancelWhenGracefulShutdown { try await body() }
    }
}
