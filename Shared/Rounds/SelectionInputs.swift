import Catalog
import Foundation
import Selection
import TensorStore

/// Everything the select job decides from: the pool with who is labelled (or already picked), the scored
/// round's uncertainties, and coordinates or gradients when the strategy measures distances.
public struct SelectionInputs: Sendable {
    /// The pool members in row order: anchors (labelled, or picked up to the scored round — a re-run of this
    /// selection does not count its own earlier picks) and scored candidates.
    public let scans: [UUID]
    /// `nil` when no unlabelled scored scan is left to pick.
    public let pool: ActiveLearningPool?
    public var candidates: Int { pool.map { $0.count - $0.labelled.count } ?? 0 }
    public let clusters: [UUID: Int]
    /// The embedding and space the distances were measured in, for `selections`.
    public let provenance: SelectionProvenance

    static func load(_ catalog: Catalog, project: String, scoredRound: Int, configuration: ProjectConfiguration,
                     strategy: ActiveLearningStrategy, store: TensorStore) async throws -> SelectionInputs {
        let settings = configuration.activeLearning
        let labelled = Set(try await catalog.currentLabels(project: project).map(\.scanID))
            .union(try await catalog.selections(project: project).filter { $0.round <= scoredRound }.map(\.scan.id))
        let scores = try await catalog.scores(project: project, round: scoredRound)
        let map = try await catalog.latestMap(project: project)
        var coordinates: [UUID: [Double]]?
        var provenance = SelectionProvenance.none
        if strategy.needsCoordinates {
            switch settings.space {
            case .embedding:
                let encoder = configuration.encoder.name.rawValue
                let embeddings = try await catalog.poolEmbeddings(project: project, encoder: encoder)
                coordinates = Dictionary(embeddings.map { ($0.scanID, $0.vector.map(Double.init)) }) { first, _ in first }
                let checksum = try await catalog.weightsChecksum(project: project, encoder: encoder) ?? ""
                provenance = .init(encoder: encoder, weightsChecksum: checksum, space: settings.space.rawValue)
            case .map:
                coordinates = Dictionary(map.map { ($0.scanID, [$0.x, $0.y]) }) { first, _ in first }
                if let run = try await catalog.latestMapEncoder(project: project) {
                    provenance = .init(encoder: run.encoder, weightsChecksum: run.weightsChecksum,
                                       space: settings.space.rawValue)
                }
            case .model:
                let features = try ScanVectorFile.read(.features, project: project, round: scoredRound, store: store)
                coordinates = features.mapValues { $0.map(Double.init) }
                provenance = .init(encoder: "unet-round-\(scoredRound)", weightsChecksum: "", space: settings.space.rawValue)
            }
            if coordinates?.isEmpty ?? true {
                throw RoundsError.invalidSetting(
                    name: "activeLearning.space", value: settings.space.rawValue,
                    allowed: "a space the project has coordinates in (run clustering for `map`, embedding for `embedding`, a scored round for `model`)")
            }
        }
        let gradients = strategy == .badge ? try ScanVectorFile.read(.gradients, project: project, round: scoredRound, store: store) : nil
        let members = try await catalog.scans(project: project, split: "pool").map(\.id).filter { scan in
            (labelled.contains(scan) || scores[scan] != nil) && coordinates.map { $0[scan] != nil } ?? true
        }
        let rows = members.map { labelled.contains($0) }
        let dimension = gradients?.values.first?.count ?? 0
        let pool = rows.contains(false) ? try ActiveLearningPool(
            count: members.count,
            labelled: rows.indices.filter { rows[$0] },
            entropy: members.map { scores[$0] ?? 0 },
            coordinates: try coordinates.map { table in
                let matrix = try Matrix(rowVectors: members.map { table[$0] ?? [] })
                return settings.space == .map ? matrix : matrix.l2Normalised()
            },
            gradientEmbeddings: try gradients.map { table in
                try Matrix(rowVectors: members.map { scan in
                    (table[scan] ?? [Float](repeating: 0, count: dimension)).map(Double.init)
                })
            }) : nil
        return SelectionInputs(scans: members, pool: pool,
                               clusters: Dictionary(map.map { ($0.scanID, $0.cluster) }) { first, _ in first },
                               provenance: provenance)
    }
}
