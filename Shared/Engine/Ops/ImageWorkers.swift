import NumericSupport
import CBLAS

/// Per-image work of a batch. With at least one image per core, each core takes whole images with
/// OpenBLAS single-threaded: its sgemms then need no hand-off between BLAS threads and the copies around
/// them (im2col, col2im) run on all cores. Smaller batches go image by image with threaded BLAS.
enum ImageWorkers {
    /// OpenBLAS's configured thread count, read before this type ever changes it, so that overlapping runs
    /// on different threads cannot leave BLAS single-threaded by restoring each other's setting.
    private static let blasThreads = openblas_get_num_threads()

    static func count(batch: Int) -> Int {
        batch >= Parallelism.coreCount ? Parallelism.coreCount : 1
    }

    /// Calls `body(image, worker, parallelInside)`; `worker` < count(batch) owns its scratch memory, and
    /// `parallelInside` says whether the body should parallelise its own loops.
    static func run(batch: Int, _ body: (_ image: Int, _ worker: Int, _ parallelInside: Bool) -> Void) {
        let workers = count(batch: batch)
        guard workers > 1 else {
            for n in 0..<batch { body(n, 0, true) }
            return
        }
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(blasThreads) }
        parallelFor(workers) { worker in
            for n in stride(from: worker, to: batch, by: workers) { body(n, worker, false) }
        }
    }

    /// Per-image backward work where each worker adds its images' weight gradients into a private, zeroed
    /// copy, summed into `gradWeight` in worker order afterwards (deterministic). `body` gets the image,
    /// whether to parallelise inside, `scratchPerWorker` floats of scratch and the private gradient copy.
    static func runAccumulating(batch: Int, scratchPerWorker: Int, gradWeight: inout Tensor, workspace: Workspace,
                                _ body: (_ image: Int, _ parallelInside: Bool, _ scratch: UnsafeMutablePointer<Float>,
                                         _ partialGradWeight: UnsafeMutablePointer<Float>) -> Void) {
        let workers = count(batch: batch), weightCount = gradWeight.count
        let perWorker = scratchPerWorker + weightCount
        workspace.withBuffer(count: perWorker * workers) { memory in
            for worker in 0..<workers {
                (memory + worker * perWorker + scratchPerWorker).update(repeating: 0, count: weightCount)
            }
            run(batch: batch) { n, worker, parallel in
                let scratch = memory + worker * perWorker
                body(n, parallel, scratch, scratch + scratchPerWorker)
            }
            gradWeight.withMutablePointer { dw in
                for worker in 0..<workers {
                    let partial = memory + worker * perWorker + scratchPerWorker
                    for i in 0..<weightCount { dw[i] += partial[i] }
                }
            }
        }
    }
}
