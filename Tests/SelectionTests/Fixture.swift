import NumericSupport
import Foundation
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
        let url = try sharedDirectory().appendingPathComponent("fixtures/clustering_reference.json")
        return try JSONDecoder().decode(ClusteringReference.self, from: Data(contentsOf: url))
    }

    func matrix() throws -> Matrix { try Matrix(rowVectors: points) }
}

/// SCANSELECT_SHARED, else ../shared from the working directory (CI), else a `shared` sibling of an
/// ancestor of this file (running from a side package).
func sharedDirectory() throws -> URL {
    let fm = FileManager.default
    func valid(_ url: URL) -> Bool { fm.fileExists(atPath: url.appendingPathComponent("fixtures").path) }
    if let env = ProcessInfo.processInfo.environment["SCANSELECT_SHARED"], valid(URL(fileURLWithPath: env)) {
        return URL(fileURLWithPath: env)
    }
    let cwd = URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent("../shared").standardized
    if valid(cwd) { return cwd }
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while dir.path != "/" {
        let candidate = dir.appendingPathComponent("shared")
        if valid(candidate) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    throw XCTSkip("shared/fixtures not found: set SCANSELECT_SHARED to the shared folder")
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
