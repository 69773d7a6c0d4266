import Database
import Foundation
import TensorStore

/// The stack an experiment or the demo runs on: the private database of `dev up` (or DATABASE_URL), migrated,
/// with the five services started beside it as `dev up` starts them (running ones are kept).
struct LocalStack {
    let stack = DevStack()
    let databaseURL: DatabaseURL
    let store: TensorStore

    static func start(services: Bool, concurrency: Int = 1) async throws -> LocalStack {
        let stack = DevStack()
        let url = try stack.databaseURL()
        try await CLIDatabase.with(url: url) { _, _ in }
        if services {
            let started = try stack.startServices(databaseURL: url, concurrency: concurrency)
            print("stack: database \(url.host):\(url.port)/\(url.database), store \(stack.storeRoot), "
                  + "services \(started.map { "\($0.0) (pid \($0.1))" }.joined(separator: ", "))")
            print("       logs in \(stack.directory)/logs; stop with `scanselect dev down`")
        }
        return LocalStack(databaseURL: url, store: try TensorStore(root: stack.storeRoot))
    }
}
