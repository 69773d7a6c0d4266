import Dispatch

/// Prepares the next batch on another thread while the current one trains. The group's wait orders the
/// single write of `value` before the read, which is why the class can be shared across threads.
final class PendingBatch: @unchecked Sendable {
    private let group = DispatchGroup()
    private var value: SegmentationBatch?

    init(_ make: @escaping @Sendable () -> SegmentationBatch) {
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async {
            self.value = make()
            self.group.leave()
        }
    }

    func wait() -> SegmentationBatch {
        group.wait()
        return value.unsafelyUnwrapped
    }
}
