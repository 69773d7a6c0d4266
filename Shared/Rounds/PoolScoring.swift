import Catalog
import Foundation
import TensorStore

/// One scored scan, with its BADGE gradient embedding when asked for.
public struct ScoredScan: Sendable {
    public let scan: UUID
    public let score: ScanScore
    public let gradient: [Float]?
}

/// Predicts and scores scans one after another, off the cooperative pool, stopping between scans when the
/// task is cancelled.
public struct PoolScoring: Sendable {
    public let predictor: SegmentationPredictor
    public let settings: UncertaintySettings
    public let store: TensorStore
    public let gradients: Bool

    public init(predictor: SegmentationPredictor, settings: UncertaintySettings, store: TensorStore, gradients: Bool) {
        self.predictor = predictor
        self.settings = settings
        self.store = store
        self.gradients = gradients
    }

    /// `progress` receives the count scored so far, at most once a second and after the last scan.
    public func score(_ scans: [ScanRecord], progress: @Sendable (Int) async -> Void = { _ in }) async throws -> [ScoredScan] {
        var scored: [ScoredScan] = []
        var lastReport = ContinuousClock.now
        for scan in scans {
            try Task.checkCancellation()
            scored.append(try await Blocking.run { [self] in
                let prediction = try predictor.predict(try store.readImage(scan.tensorPath), passes: settings.passes,
                                                       seed: settings.seed, gradientEmbedding: gradients)
                return ScoredScan(scan: scan.id, score: try ScanScore.score(prediction, settings: settings),
                                  gradient: prediction.gradientEmbedding)
            })
            if ContinuousClock.now - lastReport > .seconds(1) || scored.count == scans.count {
                lastReport = ContinuousClock.now
                await progress(scored.count)
            }
        }
        return scored
    }
}
