import Catalog
import Foundation
import TensorStore

/// One scored scan, with its BADGE gradient embedding and the model's features when asked for.
public struct ScoredScan: Sendable {
    public let scan: UUID
    public let score: ScanScore
    public let gradient: [Float]?
    public let features: [Float]?
}

/// Predicts and scores scans one after another, off the cooperative pool, stopping between scans when the
/// task is cancelled.
public struct PoolScoring: Sendable {
    public let predictor: SegmentationPredictor
    public let settings: UncertaintySettings
    public let store: TensorStore
    public let gradients: Bool
    public let features: Bool

    public init(predictor: SegmentationPredictor, settings: UncertaintySettings, store: TensorStore, gradients: Bool,
                features: Bool = false) {
        self.predictor = predictor
        self.settings = settings
        self.store = store
        self.gradients = gradients
        self.features = features
    }

    /// `progress` receives the count scored so far, at most once a second and after the last scan.
    public func score(_ scans: [ScanRecord], progress: @Sendable (Int) async -> Void = { _ in }) async throws -> [ScoredScan] {
        var scored: [ScoredScan] = []
        var lastReport = ContinuousClock.now
        for scan in scans {
            try Task.checkCancellation()
            scored.append(try await Blocking.run { [self] in
                let prediction = try predictor.predict(try store.readImage(scan.tensorPath), passes: settings.passes,
                                                       seed: settings.seed, gradientEmbedding: gradients,
                                                       taskFeatures: features)
                return ScoredScan(scan: scan.id, score: try ScanScore.score(prediction, settings: settings),
                                  gradient: prediction.gradientEmbedding, features: prediction.taskFeatures)
            })
            if ContinuousClock.now - lastReport > .seconds(1) || scored.count == scans.count {
                lastReport = ContinuousClock.now
                await progress(scored.count)
            }
        }
        return scored
    }

    /// The model's features of scans that are not scored (the labelled ones), from its deterministic prediction.
    public func features(of scans: [ScanRecord]) async throws -> [(scan: UUID, vector: [Float])] {
        var rows: [(scan: UUID, vector: [Float])] = []
        for scan in scans {
            try Task.checkCancellation()
            let vector = try await Blocking.run { [self] in
                try predictor.predict(try store.readImage(scan.tensorPath), taskFeatures: true).taskFeatures ?? []
            }
            rows.append((scan.id, vector))
        }
        return rows
    }
}
