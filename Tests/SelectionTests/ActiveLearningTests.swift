import XCTest
@testable import Selection

final class ActiveLearningTests: XCTestCase {
    /// Scans 0 and 1 are near-identical, the most uncertain and far from the labelled scan 5; scan 2 is less
    /// uncertain but far from everything. Scores by hand: first pick 0 (1.999 vs 1.989 for its twin); with
    /// distances recomputed the twin drops to 0.989 and scan 2 wins with 1.556; kept static, the twin would win.
    private func twinPool() throws -> ActiveLearningPool {
        let coordinates = try Matrix(rowVectors: [[10, 10], [10.01, 10], [-10, 0], [1, 0], [0, 1], [0, 0]])
        return try ActiveLearningPool(count: 6, labelled: [5], entropy: [0.90, 0.89, 0.5, 0.1, 0.0, 0.0],
                                      coordinates: coordinates)
    }

    func testPlainEntropyPicksTheNearIdenticalTwins() throws {
        let picks = try ActiveLearning.select(try twinPool(), budget: 2, strategy: .entropy)
        XCTAssertEqual(picks.map(\.index), [0, 1])
    }

    func testEntropyDiversityRecomputesDistancesAfterEachPick() throws {
        let picks = try ActiveLearning.select(try twinPool(), budget: 2, strategy: .paper)
        XCTAssertEqual(picks.map(\.index), [0, 2], "the twin must lose its diversity after the first pick")
        // Distances are reported at pick time: the second is measured from the labelled scan and the first pick.
        let second = try XCTUnwrap(picks.last)
        let coordinates = try XCTUnwrap(try twinPool().coordinates)
        let expected = [5, 0].map { coordinates.squaredDistance(2, coordinates, $0).squareRoot() }.min()
        XCTAssertEqual(try XCTUnwrap(second.distance), try XCTUnwrap(expected), accuracy: 1e-12)
        for pick in picks {
            XCTAssertNotNil(pick.entropy)
            XCTAssertTrue(pick.reason.contains("distance"))
        }
    }

    func testLambdaZeroReducesToEntropyRanking() throws {
        let picks = try ActiveLearning.select(try twinPool(), budget: 3, strategy: .entropyDiversity(lambda: 0))
        XCTAssertEqual(picks.map(\.index), [0, 1, 2])
    }

    func testEntropyThenFarthestDiversifiesTheShortlist() throws {
        let picks = try ActiveLearning.select(try twinPool(), budget: 2, strategy: .entropyThenFarthest(poolFactor: 2))
        XCTAssertEqual(Set(picks.map(\.index)).count, 2)
        XCTAssertFalse(Set(picks.map(\.index)).isSuperset(of: [0, 1]))
    }

    func testCoresetStartsFarthestFromLabelled() throws {
        let picks = try ActiveLearning.select(try twinPool(), budget: 2, strategy: .coreset)
        XCTAssertEqual(picks.map(\.index), [1, 2])
    }

    func testBadgeStartsAtLargestGradientAndIsSeeded() throws {
        let gradients = try blobs(centres: [[0, 0, 0], [3, 3, 3]], counts: [20, 20], spread: 0.5, seed: 4)
        let pool = try ActiveLearningPool(count: 40, labelled: [0], gradientEmbeddings: gradients)
        let a = try ActiveLearning.select(pool, budget: 5, strategy: .badge, seed: 9)
        XCTAssertEqual(a, try ActiveLearning.select(pool, budget: 5, strategy: .badge, seed: 9))
        let norms = (1..<40).map { gradients.row($0).reduce(0) { $0 + $1 * $1 } }
        XCTAssertEqual(a.first?.index, 1 + (norms.indices.max { norms[$0] < norms[$1] } ?? 0))
        XCTAssertEqual(Set(a.map(\.index)).count, 5)
        XCTAssertFalse(a.contains { $0.index == 0 })
    }

    func testMissingInputsAreReportedPerStrategy() throws {
        let pool = try ActiveLearningPool(count: 4)
        XCTAssertThrowsError(try ActiveLearning.select(pool, budget: 1, strategy: .paper)) { error in
            XCTAssertTrue("\(error)".contains("entropy"))
        }
        XCTAssertThrowsError(try ActiveLearning.select(pool, budget: 5, strategy: .random))
        XCTAssertThrowsError(try ActiveLearningPool(count: 3, entropy: [1, 2]))
    }
}
