import NumericSupport
import Foundation
import TestFixtures
import XCTest
@testable import Selection

/// The scikit-learn reference of shared/fixtures/clustering_reference.json (see make_reference_metrics.py).
struct ClusteringReference: Decodable {
    struct KMeansEntry: Decodable {
        let inertia: Double
        let silhouette: Double
    }

    let points: [[Double]]
    let labels_true: [Int]
    let silhouette_true_labels: Double
    let kmeans: [String: KMeansEntry]
    let best_k_by_silhouette: Int
    let tsne_sklearn_trustworthiness_k5: Double

    static func load() throws -> ClusteringReference {
        let path = try SharedData.path("fixtures/clustering_reference.json")
        return try JSONDecoder().decode(ClusteringReference.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func matrix() throws -> Matrix { try Matrix(rowVectors: points) }
}

/// Gaussian blobs with a seeded generator, for tests that need more structure than the fixture.
func blobs(centres: [[Double]], counts: [Int], spread: Double, seed: UInt64) throws -> Matrix {
    var rng = SeededRandom(seed: seed)
    var rows: [[Double]] = []
    for (centre, count) in zip(centres, counts) {
        for _ in 0..<count { rows.append(centre.map { $0 + spread * rng.gaussian() }) }
    }
    return try Matrix(rowVectors: rows)
}
