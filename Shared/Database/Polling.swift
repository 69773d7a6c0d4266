import Foundation

/// The one polling waiter: asks `probe` every `interval` until it returns a value or `timeout` seconds pass
/// (then nil). Used where nothing can notify — waiting on another process's job, on a test's condition.
public func poll<T: Sendable>(timeout: Double, every interval: Duration,
                              _ probe: () async throws -> T?) async throws -> T? {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if let value = try await probe() { return value }
        if Date() >= deadline { return nil }
        try await Task.sleep(for: interval)
    }
}
