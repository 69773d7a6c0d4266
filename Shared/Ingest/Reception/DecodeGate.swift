import NIOPosix

/// Received instances (STOW-RS parts, C-STOREs) are decoded at most `limit` at a time, each on NIO's thread pool
/// for blocking work instead of a cooperative thread: a push of many large instances then neither holds every
/// decode's memory at once nor stalls the HTTP, DIMSE and database I/O that share the cooperative pool. One gate
/// serves every door of the process (`DECODE_CONCURRENCY`).
public actor DecodeGate {
    public nonisolated let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    public nonisolated func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await acquire()
        let result: T
        do {
            result = try await NIOThreadPool.singleton.runIfActive(work)
        } catch {
            // The shared pool is never shut down while the service runs; should it be, decode here rather than fail.
            result = work()
        }
        await release()
        return result
    }

    private func acquire() async {
        guard running >= limit else {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// A waiter takes the finished decode's place, so `running` stays as it is.
    private func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
