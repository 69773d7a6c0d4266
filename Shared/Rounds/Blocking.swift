import Dispatch

/// Engine's training and inference block a thread for seconds and split work over cores themselves; running
/// them on a dispatch thread keeps Swift's cooperative pool free for heartbeats, progress and the database.
public enum Blocking {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
