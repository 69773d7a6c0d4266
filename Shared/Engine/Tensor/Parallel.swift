import Dispatch
import Foundation

/// Runs `body(i)` for i in 0..<count on all cores. A single item runs inline, because thread hand-off costs
/// more than small loops.
@inline(__always)
func parallelFor(_ count: Int, _ body: (Int) -> Void) {
    if count == 1 {
        body(0)
    } else if count > 1 {
        withoutActuallyEscaping(body) { escapable in
            let work = IndexedWork(body: escapable)
            DispatchQueue.concurrentPerform(iterations: count) { work.body($0) }
        }
    }
}

/// Every caller partitions its writes by index (channel, image, row range), which is the data-race freedom
/// the compiler cannot see through the raw pointers these loops use.
private struct IndexedWork: @unchecked Sendable {
    let body: (Int) -> Void
}

/// Splits 0..<total into contiguous ranges sized for the cores and runs them in parallel; tiny totals
/// run on the calling thread.
@inline(__always)
func parallelRanges(_ total: Int, minimumPerTask: Int = 32_768, _ body: (Range<Int>) -> Void) {
    let tasks = max(1, min(Parallelism.taskCount, total / max(1, minimumPerTask)))
    let chunk = (total + tasks - 1) / tasks
    parallelFor(tasks) { t in
        let start = t * chunk
        let end = min(total, start + chunk)
        if start < end { body(start..<end) }
    }
}

enum Parallelism {
    /// Cores this process may use (affinity and container quotas included, not the host's count).
    static let coreCount: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Tasks per parallel loop: a few per core keeps cores busy when items are uneven.
    static let taskCount: Int = 2 * coreCount
}
