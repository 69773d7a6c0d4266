import Synchronization

/// Thrown when a database operation does not finish in time, typically because the server is down or the
/// credentials are wrong (PostgresNIO keeps retrying a failed login, so without a deadline it would hang).
public struct DeadlineExceeded: Error, CustomStringConvertible {
    public let operation: String
    public let seconds: Double
    public var description: String {
        "\(operation) did not finish within \(seconds) s: check that PostgreSQL is running and that DATABASE_URL's host, port and password are right"
    }
}

/// Runs `body`, cancelling it after `seconds`, and returns at the deadline even when `body` does not notice its
/// cancellation: a query sent to a server that is shutting down can wait for an answer that never comes, and a
/// task group would wait for it too (that hung a chaos soak for half an hour). The abandoned body finishes, or
/// fails, on its own once its connection closes.
public func withDeadline<T: Sendable>(
    seconds: Double, operation: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let race = DeadlineRace<T>()
    let work = Task {
        do { race.finish(.success(try await body())) } catch { race.finish(.failure(error)) }
    }
    let timer = Task {
        try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        race.finish(.failure(DeadlineExceeded(operation: operation, seconds: seconds)))
    }
    defer {
        work.cancel()
        timer.cancel()
    }
    return try await withTaskCancellationHandler {
        try await race.value()
    } onCancel: {
        race.finish(.failure(CancellationError()))
    }
}

/// The first of the body's result, the deadline and cancellation, delivered once to the one waiter.
private final class DeadlineRace<T: Sendable>: Sendable {
    private enum State {
        case waiting(CheckedContinuation<T, any Error>?)
        case finished(Result<T, any Error>)
    }

    private let state = Mutex(State.waiting(nil))

    func finish(_ result: Result<T, any Error>) {
        let waiter: CheckedContinuation<T, any Error>? = state.withLock { state in
            guard case let .waiting(waiter) = state else { return nil }
            state = .finished(result)
            return waiter
        }
        waiter?.resume(with: result)
    }

    func value() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let finished: Result<T, any Error>? = state.withLock { state in
                switch state {
                case let .finished(result): return result
                case .waiting: state = .waiting(continuation); return nil
                }
            }
            if let finished { continuation.resume(with: finished) }
        }
    }
}
