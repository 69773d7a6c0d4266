/// Grow-only raw storage: a workspace allocates only when it meets a larger problem than any before, so
/// scoring thousands of same-sized pairs allocates nothing after the first.
final class ScratchBuffer<Element: BitwiseCopyable> {
    private(set) var pointer: UnsafeMutablePointer<Element>
    private var capacity: Int

    init() {
        capacity = 64
        pointer = .allocate(capacity: capacity)
    }

    deinit { pointer.deallocate() }

    /// Storage for at least `count` elements; earlier contents are not preserved across growth.
    func reserve(_ count: Int) -> UnsafeMutablePointer<Element> {
        if count > capacity {
            pointer.deallocate()
            capacity = max(count, capacity * 2)
            pointer = .allocate(capacity: capacity)
        }
        return pointer
    }
}
