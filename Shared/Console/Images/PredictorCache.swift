import Catalog
import Rounds
import TensorStore

/// The newest models' predictors, loaded once: a model's weights take a moment to read, and every overlay of a
/// project's batch uses the same model. Keeps the last few models a console is asked about.
public actor PredictorCache {
    private var entries: [(model: Int64, predictor: SegmentationPredictor)] = []
    private let capacity: Int

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
}
