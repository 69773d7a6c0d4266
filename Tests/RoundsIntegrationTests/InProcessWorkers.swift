import Database
import Foundation
import JobQueue
import Logging
import PostgresNIO
import ServiceRuntime
import TensorStore
import TestSupport

/// Runs `handlers` in this process, as the services would, for the duration of `body`.
func withWorkers<T: Sendable>(_ handlers: [any JobHandler], url: DatabaseURL, client: PostgresClient, store: TensorStore,
                              logger: Logger, leaseSeconds: Int = 30, _ body: () async throws -> T) async throws -> T {
    let configuration = try ServiceConfiguration(environment: [
        "DATABASE_URL": url.string, "SCANSELECT_STORE": store.root, "POLL_INTERVAL_MS": "50",
        "JOB_LEASE_SECONDS": "\(leaseSeconds)",
    ])
    let pool = WorkerPool(handler: HandlerSet(handlers), queue: JobQueue(client: client, logger: logger), store: store,
                          configuration: configuration, logger: logger)
    let running = Task { try await pool.run() }
    defer { running.cancel() }
    return try await body()
}

func temporaryStore() throws -> TensorStore {
    try TensorStore(root: NSTemporaryDirectory() + "rounds-store-\(UUID().uuidString)")
}

func rows<each Column: PostgresDecodable & Sendable>(_ client: PostgresClient, _ query: PostgresQuery,
                                                    as type: (repeat each Column).Type) async throws -> [(repeat each Column)] {
    var values: [(repeat each Column)] = []
    for try await value in try await client.query(query, logger: testLogger).decode(type) { values.append(value) }
    return values
}

func jsonObject(_ text: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
}
