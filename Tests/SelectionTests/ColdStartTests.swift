import NumericSupport
import XCTest
@testable import Selection

final class ColdStartTests: XCTestCase {
    func testProportionalAllocationSumsToBudgetAndRespectsSizes() throws {
        var rng = SeededRandom(seed: 11)
        for _ in 0..<200 {
            let sizes = (0..<Int(rng.next() % 9 + 1)).map { _ in Int(rng.next() % 40) + 1 }
            let budget = Int(rng.next() % UInt64(sizes.reduce(0, +) + 1))
            let counts = try ProportionalAllocation.allocate(budget: budget, sizes: sizes)
            XCTAssertEqual(counts.reduce(0, +), budget, "sizes \(sizes)")
            XCTAssertTrue(zip(counts, sizes).allSatisfy { $0 <= $1 }, "sizes \(sizes) counts \(counts)")
            if budget >= sizes.count { XCTAssertTrue(counts.allSatisfy { $0 >= 1 }, "every cluster keeps its medoid") }
        }
    }

    func testAllocationFollowsLargestRemainder() throws {
        // 3 medoids, then 7 more over sizes 50/30/20: shares 3.5/2.1/1.4 → 3/2/1 plus the largest remainder (0.5).
        XCTAssertEqual(try ProportionalAllocation.allocate(budget: 10, sizes: [50, 30, 20]), [5, 3, 2])
        // Fewer picks than clusters: the largest clusters get their medoid.
        XCTAssertEqual(try ProportionalAllocation.allocate(budget: 2, sizes: [5, 30, 20]), [0, 1, 1])
        XCTAssertThrowsError(try ProportionalAllocation.allocate(budget: 11, sizes: [5, 5]))
    }

    func testEveryClusterGetsItsMedoid() throws {
        let x = try ClusteringReference.load().matrix()
        let selection = try ColdStart.select(x, budget: 12, strategy: .paper, seed: 5)
        let fit = try XCTUnwrap(selection.clustering).best
        XCTAssertEqual(fit.k, 4)
        XCTAssertEqual(selection.picks.count, 12)
        for (c, members) in fit.members.enumerated() {
            let medoid = members[Medoid.of(members, in: x).member]
            let bruteForce = try XCTUnwrap(members.min { a, b in
                members.reduce(0) { $0 + x.squaredDistance(a, x, $1).squareRoot() }
                    < members.reduce(0) { $0 + x.squaredDistance(b, x, $1).squareRoot() }
            })
            XCTAssertEqual(medoid, bruteForce)
            XCTAssertTrue(selection.picks.contains { $0.index == medoid && $0.reason.hasPrefix("medoid of cluster \(c)") })
        }
        let expected = try ProportionalAllocation.allocate(budget: 12, sizes: fit.clusterSizes)
        for c in 0..<fit.k { XCTAssertEqual(selection.picks.filter { $0.cluster == c }.count, expected[c]) }
        XCTAssertTrue(selection.picks.contains { $0.reason.hasPrefix("farthest point in cluster") })
    }

    /// The default fills each cluster's share with medoids of its sub-clusters: the same per-cluster counts as the
    /// paper, but typical scans, where the paper's farthest-point fills reach for a cluster's outliers.
    func testRepresentativeKeepsThePapersSplitButPicksTypicalScans() throws {
        var x = try blobs(centres: [[0, 0], [30, 0]], counts: [90, 60], spread: 1, seed: 4)
        // A few stray scans at the blobs' edges (odd exposures, crops): too few to be clusters of their own.
        let strays: [[Double]] = [[0, 7], [0, -7], [30, 7], [37, 0]]
        x = try Matrix(rowVectors: (0..<x.rows).map { Array(x.row($0)) } + strays)
        let strayRows = Set(x.rows - strays.count..<x.rows)
        let representative = try ColdStart.select(x, budget: 10, strategy: .representative, seed: 1)
        let paper = try ColdStart.select(x, budget: 10, strategy: .paper, seed: 1)
        let fit = try XCTUnwrap(representative.clustering).best
        XCTAssertEqual(fit.k, 2)
        XCTAssertEqual(try XCTUnwrap(paper.clustering).best.labels, fit.labels, "both start from the same clusters")
        let quota = try ProportionalAllocation.allocate(budget: 10, sizes: fit.clusterSizes)
        for c in 0..<fit.k {
            XCTAssertEqual(representative.picks.filter { $0.cluster == c }.count, quota[c], "cluster \(c)")
        }
        XCTAssertTrue(representative.picks.allSatisfy { $0.reason.hasPrefix("medoid of dense part") }, "\(representative.picks)")
        XCTAssertTrue(strayRows.isDisjoint(with: representative.indices), "no stray scan is representative")
        XCTAssertFalse(strayRows.isDisjoint(with: paper.indices), "the paper's farthest points reach the strays")
        XCTAssertEqual(Set(representative.indices).count, 10)
    }

    func testRepresentativeWithOnePickPerClusterIsTheMedoid() throws {
        let x = try blobs(centres: [[0, 0], [20, 0], [0, 20]], counts: [40, 30, 20], spread: 1, seed: 6)
        let selection = try ColdStart.select(x, budget: 3, strategy: .representative, seed: 0)
        let fit = try XCTUnwrap(selection.clustering).best
        for members in fit.members {
            let medoid = members[Medoid.of(members, in: x).member]
            XCTAssertTrue(selection.indices.contains(medoid))
        }
    }

    func testBudgetBelowClusterCountServesLargestClusters() throws {
        let x = try blobs(centres: [[0, 0], [20, 0], [0, 20]], counts: [60, 30, 10], spread: 1, seed: 2)
        let fit = try KMeans(k: 3, seed: 0).fit(x)
        let picks = try ClusterMedoidSelection.select(x, clustering: fit, budget: 2)
        let sizes = fit.clusterSizes
        XCTAssertEqual(Set(picks.compactMap(\.cluster)), Set(sizes.indices.sorted { sizes[$0] > sizes[$1] }.prefix(2)))
    }

    func testSameInputAndSeedGiveSameSelection() throws {
        let x = try blobs(centres: [[0, 0], [8, 0], [0, 8]], counts: [80, 50, 30], spread: 1.5, seed: 3)
        for strategy in allStrategies {
            let a = try ColdStart.select(x, budget: 15, strategy: strategy, seed: 42)
            let b = try ColdStart.select(x, budget: 15, strategy: strategy, seed: 42)
            XCTAssertEqual(a, b, "\(strategy)")
            XCTAssertEqual(Set(a.indices).count, 15, "\(strategy)")
            XCTAssertTrue(a.picks.allSatisfy { !$0.reason.isEmpty })
        }
    }

    func testDuplicateHeavyPoolYieldsNoDuplicatePicks() throws {
        // 12 distinct scans, each present 10 times: a budget of 12 must cover each distinct scan once.
        let distinct = try blobs(centres: [[0, 0], [9, 9]], counts: [6, 6], spread: 2, seed: 7)
        var rows: [[Double]] = []
        for _ in 0..<10 { for i in 0..<distinct.rows { rows.append(Array(distinct.row(i))) } }
        let pool = try Matrix(rowVectors: rows)
        for strategy in allStrategies {
            let picks = try ColdStart.select(pool, budget: 12, strategy: strategy, seed: 1).indices
            let vectors = Set(picks.map { Array(pool.row($0)) })
            XCTAssertEqual(vectors.count, 12, "\(strategy) picked identical scans: \(picks)")
        }
        // Beyond the distinct count duplicates are unavoidable, but only then.
        let all = try ColdStart.select(pool, budget: 20, strategy: .kCenterGreedy).indices
        XCTAssertEqual(Set(all.prefix(12).map { Array(pool.row($0)) }).count, 12)
    }

    func testBudgetLargerThanPoolIsAnActionableError() throws {
        let x = try blobs(centres: [[0, 0]], counts: [5], spread: 1, seed: 0)
        XCTAssertThrowsError(try ColdStart.select(x, budget: 6, strategy: .random)) { error in
            XCTAssertEqual(error as? SelectionError, .budgetExceedsPool(budget: 6, pool: 5))
            XCTAssertTrue("\(error)".contains("lower the budget"))
        }
    }

    private var allStrategies: [ColdStartStrategy] {
        [.representative, .paper, .random, .nearestToCentroid, .typiClustDefault, .probCoverDefault, .kCenterGreedy]
    }
}

final class MapPlacementTests: XCTestCase {
    func testNewPointsLandAmongTheirNeighboursWithTheirCluster() throws {
        let reference = try blobs(centres: [[0, 0], [10, 0]], counts: [20, 20], spread: 0.5, seed: 9)
        let positions = (0..<reference.rows).map { (x: reference[$0, 0] > 5 ? 100.0 : -100.0, y: Double($0 % 5)) }
        let clusters = (0..<reference.rows).map { reference[$0, 0] > 5 ? 1 : 0 }
        let queries = try Matrix(rowVectors: [[0.2, 0.1], [9.8, -0.1], Array(reference.row(3))])
        let placed = try MapPlacement.place(queries, reference: reference, positions: positions, clusters: clusters)
        XCTAssertEqual(placed.map(\.cluster), [0, 1, clusters[3]])
        XCTAssertEqual(placed[0].x, -100, accuracy: 1e-9)
        XCTAssertEqual(placed[1].x, 100, accuracy: 1e-9)
        XCTAssertTrue((0...4).contains(placed[0].y.rounded()), "inside the neighbours' span: \(placed[0].y)")
        XCTAssertThrowsError(try MapPlacement.place(queries, reference: reference, positions: [], clusters: []))
    }
}
