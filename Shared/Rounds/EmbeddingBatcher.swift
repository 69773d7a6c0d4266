import Encoders
import Foundation

/// Gathers the slices that concurrent embed jobs of one replica want embedded and runs them through the
/// encoder in one forward pass: with WORKER_CONCURRENCY loops, several scans share each batch, which is
/// what makes a convolutional encoder efficient. A request waits at most `patience` for company.
actor EmbeddingBatcher {
    private struct Request {
        let images: [GreyImage]
        let continuation: CheckedContinuation<[[Float]], any Error>
    }

    let encoder: any ScanEncoder
    let batchImages: Int
    let patience: Duration
    private var pending: [Request] = []
    private var pendingImages = 0
    private var flushScheduled = false

    init(encoder: any ScanEncoder, batchImages: Int = 8, patience: Duration = .milliseconds(20)) {
        self.encoder = encoder
        self.batchImages = batchImages
        self.patience = patience
    }

    func embed(_ images: [GreyImage]) async throws -> [[Float]] {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Request(images: images, continuation: continuation))
            pendingImages += images.count
            if pendingImages >= batchImages {
                flush()
            } else if !flushScheduled {
                flushScheduled = true
                Task {
                    try? await Task.sleep(for: patience)
                    self.flush()
                }
            }
        }
    }

    private func flush() {
        flushScheduled = false
        let batch = pending
        pending = []
        pendingImages = 0
        guard !batch.isEmpty else { return }
        do {
            var embeddings = try encoder.embed(images: batch.flatMap(\.images))[...]
            for request in batch {
                request.continuation.resume(returning: Array(embeddings.prefix(request.images.count)))
                embeddings = embeddings.dropFirst(request.images.count)
            }
        } catch {
            // One bad scan must not fail its batch-mates: retry each request on its own.
            for request in batch {
                request.continuation.resume(with: Result { try encoder.embed(images: request.images) })
            }
        }
    }
}
