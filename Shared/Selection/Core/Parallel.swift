import Foundation

/// A raw pointer handed to parallel workers that each write a disjoint index range, which is what makes the
/// unchecked Sendable conformance sound.
struct DisjointWrites<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}

/// Read-only raw pointer shared by parallel workers while its owner stays alive and unmodified.
struct SharedReads<T>: @unchecked Sendable {
    let base: UnsafePointer<T>
}

/// Splits 0..<count into chunks (a few per core, for balance) and runs them concurrently.
/// Chunk indices stay below `maxParallelChunks`, so callers can size per-chunk accumulators up front.
func parallelChunks(_ count: Int, _ body: @Sendable (_ chunk: Int, _ range: Range<Int>) -> Void) {
    let chunks = max(1, min(count, maxParallelChunks))
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        body(chunk, (chunk * count / chunks)..<((chunk + 1) * count / chunks))
    }
}

let maxParallelChunks = ProcessInfo.processInfo.activeProcessorCount * 4
