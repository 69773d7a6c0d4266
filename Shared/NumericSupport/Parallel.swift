import Dispatch
import Foundation

// The one way this code base runs loops on all cores. Every caller partitions its writes by index (channel,
// image, row range, chunk), which is the data-race freedom the compiler cannot see through the raw pointers
// these loops use; `DisjointWrites` and `SharedReads` name that promise where pointers cross threads.

/// Runs `body(i)` for i in 0..<count on all cores. A single item runs inline, because thread hand-off costs
/// more than small loops.
@inlinable
public func parallelFor(_ count: Int, _ body: (Int) -> Void) {
    if count == 1 {
        body(0)
    } else if count > 1 {
        withoutActuallyEscaping(body) { escapable in
            let work = IndexedWork(body: escapable)
            DispatchQueue.concurrentPerform(iterations: count) { work.body($0) }
        }
    }
}

@usableFromInline
struct IndexedWork: @unchecked Sendable {
    @usableFromInline let body: (Int) -> Void
    @usableFromInline init(body: @escaping (Int) -> Void) { self.body = body }
}

/// Splits 0..<total into contiguous ranges sized for the cores and runs them in parallel; tiny totals
/// run on the calling thread.
@inlinable
public func parallelRanges(_ total: Int, minimumPerTask: Int = 32_768, _ body: (Range<Int>) -> Void) {
    let tasks = max(1, min(Parallelism.taskCount, total / max(1, minimumPerTask)))
    let chunk = (total + tasks - 1) / tasks
    parallelFor(tasks) { t in
        let start = t * chunk
        let end = min(total, start + chunk)
        if start < end { body(start..<end) }
    }
}

/// Splits 0..<count into at most `chunks` contiguous chunks (by default a few per core, for balance) and runs
/// them concurrently. Chunk indices stay below `chunks`, so callers can size per-chunk accumulators up front.
@inlinable
public func parallelChunks(_ count: Int, chunks: Int = Parallelism.maxChunks,
                           _ body: (_ chunk: Int, _ range: Range<Int>) -> Void) {
    let used = max(1, min(count, chunks))
    parallelFor(used) { chunk in
        body(chunk, (chunk * count / used)..<((chunk + 1) * count / used))
    }
}

/// `transform(i)` for i in 0..<count, computed on all cores, in order.
@inlinable
public func parallelMap<T>(_ count: Int, _ transform: (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
        guard let base = buffer.baseAddress else { return }
        let slots = DisjointWrites(base: base)
        parallelFor(count) { (slots.base + $0).initialize(to: transform($0)) }
        initialized = count
    }
}

public enum Parallelism {
    /// Cores this process may use (affinity and container quotas included, not the host's count).
    public static let coreCount: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Tasks per parallel loop: a few per core keeps cores busy when items are uneven.
    public static let taskCount: Int = 2 * coreCount
    /// The default chunk count of `parallelChunks`.
    public static let maxChunks: Int = 4 * coreCount
}

/// A raw pointer handed to parallel workers that each write a disjoint index range, which is what makes the
/// unchecked Sendable conformance sound.
public struct DisjointWrites<T>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<T>
    @inlinable public init(base: UnsafeMutablePointer<T>) { self.base = base }
}

/// Read-only raw pointer shared by parallel workers while its owner stays alive and unmodified.
public struct SharedReads<T>: @unchecked Sendable {
    public let base: UnsafePointer<T>
    @inlinable public init(base: UnsafePointer<T>) { self.base = base }
}
