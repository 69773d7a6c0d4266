import XCTest
@testable import Selection

final class PipelineTests: XCTestCase {
    func testPipelineOnFixtureFindsTheBlobsInTheMap() throws {
        let ref = try ClusteringReference.load()
        var pipeline = ColdStartPipeline()
        pipeline.normalise = false
        let output = try pipeline.run(embeddings: try ref.matrix(), budget: 8)
        XCTAssertEqual(output.map?.cols, 2)
        XCTAssertEqual(output.selection.clustering?.k, ref.best_k_by_silhouette)
        XCTAssertEqual(Set(output.selection.indices).count, 8)
    }

    func testEmbeddingSpaceSkipsTheMapWhenAskedTo() throws {
        let x = try blobs(centres: [[0, 0, 0, 0], [6, 6, 0, 0], [0, 6, 6, 0]], counts: [40, 30, 20], spread: 0.7, seed: 5)
        var pipeline = ColdStartPipeline()
        pipeline.clusteringSpace = .embedding
        pipeline.computeMap = false
        pipeline.normalise = false
        pipeline.pcaDimensions = 3
        let output = try pipeline.run(embeddings: x, budget: 6)
        XCTAssertNil(output.map)
        XCTAssertEqual(output.space.cols, 3)
        XCTAssertEqual(output.selection.clustering?.k, 3)
    }
}
