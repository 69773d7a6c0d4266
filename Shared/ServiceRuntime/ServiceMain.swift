import Database
import Foundation
import JobQueue
import Logging
import Metrics
import PostgresNIO
import Prometheus
import ServiceLifecycle
import Telemetry
import TensorStore
import UnixSignals

/// The start-up every service shares: configuration, logging, metrics, the database (waited for and
/// migrated), then the worker pool and the HTTP endpoint until SIGTERM/SIGINT.
public enum ServiceMain {
    public static func run(service: String, makeHandler: @Sendable (ServiceConfiguration, TensorStore) throws -> any JobHandler,
                           extras: @Sendable (ServiceConfiguration, TensorStore, PostgresClient, Logger) throws -> ServiceExtras
                               = { _, _, _, _ in ServiceExtras() }) async {
        let configuration: ServiceConfiguration
        do {
            configuration = try ServiceConfiguration()
        } catch {
            FileHandle.standardError.write(Data("\(service): \(error)\n".utf8))
            exit(78)  // EX_CONFIG
        }
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: service)
        logger.logLevel = level
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(DocumentedPrometheusFactory(registry: registry))

        do {
            let store = try TensorStore(root: configuration.storeRoot)
            let swept = store.sweepTemporaries()
            if swept > 0 { logger.notice("removed unfinished temporary files from the tensor store", metadata: ["files": "\(swept)"]) }
            let handler = try makeHandler(configuration, store)
            for kind in handler.kinds {
                for name in [MetricName.jobsClaimed, .jobsCompleted, .jobsFailed, .jobsDead, .jobsRetried, .jobDuration] {
                    name.register([("kind", kind)])
                }
            }
            let client = PostgresClient(configuration: configuration.databaseURL.clientConfiguration(),
                                        backgroundLogger: logger)
            let queue = JobQueue(client: client, logger: logger, retryPolicy: configuration.retryPolicy)
            let workers = WorkerPool(handler: handler, queue: queue, store: store, configuration: configuration,
                                     logger: logger)
            let extras = try extras(configuration, store, client, logger)
            var services: [any Service] = [client]
            if configuration.httpPort != 0 {
                services.append(HTTPEndpoint.application(configuration: configuration, client: client,
                                                         registry: registry, service: service, logger: logger,
                                                         routes: extras.routes))
            }
            services += extras.background.map(BackgroundTask.init)
            services.append(MigratingStart(client: client, logger: logger, then: workers))
            let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) },
                                                          gracefulShutdownSignals: [.sigterm, .sigint],
                                                          logger: logger))
            logger.info("starting", metadata: ["worker": "\(workers.workerID)", "kinds": "\(handler.kinds)",
                                               "concurrency": "\(configuration.workerConcurrency)"])
            try await group.run()
        } catch {
            logger.critical("stopped", metadata: ["error": "\(error)"])
            exit(1)
        }
    }
}

/// Waits for the database (with backoff: a service never exits because PostgreSQL is not up yet), applies
/// migrations, then runs the workers.
struct MigratingStart: Service {
    let client: PostgresClient
    let logger: Logger
    let then: WorkerPool

    func run() async throws {
        let migrations = try Migrator.loadMigrations()
        var backoff = Backoff()
        while true {
            do {
                _ = try await withDeadline(seconds: 30, operation: "migrate") { [client, logger] in
                    try await Migrator(client: client, logger: logger, migrations: migrations).migrate()
                }
                break
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
                let delay = backoff.next()
                logger.warning("database not ready; retrying", metadata: ["error": "\(error)", "retry_in_s": "\(delay)"])
                try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            }
        }
        try await then.run()
    }
}
