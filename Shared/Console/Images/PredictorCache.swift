import Catalog
import Rounds
import TensorStore
import Uncertainty

/// The newest models' predictors, loaded once: a model's weights take a moment to read, and every overlay of a
/// project's batch uses the same model. Keeps the last few models a console is asked about, and a 3-D model's
/// prediction of the last volume.
public actor PredictorCache {
    private var entries: [(model: Int64, predictor: SegmentationPredictor)] = []
    private let capacity: Int
    private var volume: (key: String, maps: Task<ProbabilityMaps, any Error>)?

    public init(capacity: Int = 2) { self.capacity = capacity }

    func predictor(model: Int64, weightsAt path: String, configurationJSON: String, project: String,
                   store: TensorStore) async throws -> SegmentationPredictor {
        if let hit = entries.first(where: { $0.model == model }) { return hit.predictor }
        let configuration = try ProjectConfiguration.decode(configurationJSON, source: "projects.config of '\(project)'")
        let predictor = try await SegmentationPredictor.load(weightsAt: path, store: store,
                                                             specification: try ModelSpecification(configuration))
        entries.append((model, predictor))
        if entries.count > capacity { entries.removeFirst() }
        return predictor
    }

    /// A 3-D network's probabilities over a whole volume: every slice a viewer scrolls to is a plane of the same
    /// prediction, which takes seconds on a large CT, so the last volume's is kept (one: a CT's maps are hundreds
    /// of MiB) and requests for it while it runs wait for that one run. A failed run is not kept.
    func volumeMaps(model: Int64, tensorPath: String,
                    predict: @escaping @Sendable () async throws -> ProbabilityMaps) async throws -> ProbabilityMaps {
        let key = "\(model)|\(tensorPath)"
        let task: Task<ProbabilityMaps, any Error>
        if let volume, volume.key == key {
            task = volume.maps
        } else {
            task = Task { try await predict() }
            volume = (key, task)
        }
        do {
            return try await task.value
        } catch {
            if volume?.key == key { volume = nil }
            throw error
        }
    }
}
