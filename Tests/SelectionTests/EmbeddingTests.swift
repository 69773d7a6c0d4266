import NumericSupport
import XCTest
@testable import Selection

final class EmbeddingTests: XCTestCase {
    func testExactTSNETrustworthinessMatchesScikitLearn() throws {
        let ref = try ClusteringReference.load()
        let x = try ref.matrix()
        var tsne = TSNE(seed: 0)
        tsne.method = .exact
        let map = try tsne.embed(x)
        let trust = try Trustworthiness.score(original: x, embedded: map, neighbours: 5)
        XCTAssertEqual(trust, ref.tsne_sklearn_trustworthiness_k5, accuracy: 0.02)
    }

    func testBarnesHutTrustworthinessMatchesExact() throws {
        let ref = try ClusteringReference.load()
        let x = try ref.matrix()
        var exact = TSNE(seed: 0)
        exact.method = .exact
        var barnesHut = exact
        barnesHut.method = .barnesHut
        let exactTrust = try Trustworthiness.score(original: x, embedded: try exact.embed(x), neighbours: 5)
        let bhTrust = try Trustworthiness.score(original: x, embedded: try barnesHut.embed(x), neighbours: 5)
        XCTAssertEqual(bhTrust, exactTrust, accuracy: 0.02)
        XCTAssertEqual(bhTrust, ref.tsne_sklearn_trustworthiness_k5, accuracy: 0.02)
    }

    func testTSNEIsDeterministicForASeed() throws {
        let x = try blobs(centres: [[0, 0, 0], [5, 5, 5]], counts: [30, 30], spread: 1, seed: 1)
        var tsne = TSNE(seed: 3)
        tsne.iterations = 300
        XCTAssertEqual(try tsne.embed(x), try tsne.embed(x))
        tsne.initialisation = .random
        let random = try tsne.embed(x)
        XCTAssertEqual(random, try tsne.embed(x))
        tsne.seed = 4
        XCTAssertNotEqual(random, try tsne.embed(x))
    }

    func testTrustworthinessOfIdentityIsOneAndOfShuffleIsLow() throws {
        let x = try blobs(centres: [[0, 0], [4, 4]], counts: [40, 40], spread: 1, seed: 2)
        XCTAssertEqual(try Trustworthiness.score(original: x, embedded: x, neighbours: 5), 1, accuracy: 1e-12)
        var rng = SeededRandom(seed: 5)
        var order = Array(0..<x.rows)
        order.shuffle(using: &rng)
        XCTAssertLessThan(try Trustworthiness.score(original: x, embedded: x.selecting(rows: order), neighbours: 5), 0.7)
    }

    func testRandomizedPCAAgreesWithExactPCA() throws {
        // 40-d data whose variance decays along the axes: randomized subspace iteration for 3 of 40 components
        // must find the same leading directions and variances as the full decomposition.
        var rng = SeededRandom(seed: 8)
        let rows = (0..<500).map { _ in (0..<40).map { d in rng.gaussian() * 10 / Double(d + 1) } }
        let x = try Matrix(rowVectors: rows)
        let fast = try PCA.fit(x, components: 3, seed: 1)
        let full = try PCA.fit(x, components: 40)
        for c in 0..<3 {
            XCTAssertEqual(fast.explainedVariance[c], full.explainedVariance[c], accuracy: 1e-6 * full.explainedVariance[c])
            for d in 0..<40 { XCTAssertEqual(fast.components[c, d], full.components[c, d], accuracy: 1e-4) }
        }
        let projected = try fast.transform(x)
        XCTAssertEqual(projected.cols, 3)
    }
}
