import Catalog
import Foundation
import JobQueue
import PostgresNIO
@testable import Rounds
import TestSupport
import XCTest

/// The select job on a crafted pool: two uncertain scans side by side, one moderately uncertain scan far away.
final class SelectionStrategyTests: XCTestCase {
    func testDiversityTradesTheTwinOfTheMostUncertainScanForADistantOne() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try temporaryStore()
        try await withClient(url) { client, logger in
            // Scan 0 is labelled; 1 and 2 are near-twins, 3 is far from everything, 4 hugs the labelled scan.
            let coordinates: [(Double, Double)] = [(0, 0), (10, 0), (10.1, 0), (0, 10), (1, 0)]
            let entropy: [Double] = [0, 0.9, 0.89, 0.5, 0.1]
            let project = try await client.withCatalog(logger: logger) { catalog in
                let project = try await LungProject.create("crafted", count: 5,
                                                           configuration: LungProject.configuration(strategy: .entropy, batch: 2),
                                                           catalog: catalog, store: store)
                try await project.openRoundZero(picks: [0], coordinates: coordinates, catalog: catalog)
                try await project.label(0, catalog: catalog)
                try await catalog.storeScores(project: "crafted", round: 0, scores: (1..<5).map {
                    (project.scans[$0], entropy[$0], #"{"entropy":\#(entropy[$0])}"#)
                })
                return project
            }
            func select(_ strategy: ActiveLearningStrategyName, space: ActiveLearningSpace = .map) async throws -> [Int] {
                var configuration = LungProject.configuration(strategy: strategy, batch: 2)
                configuration.activeLearning.space = space
                try await client.withCatalog(logger: logger) { [configuration] catalog in
                    try await catalog.createProject("crafted", configuration: configuration, replace: true)
                }
                // Each strategy picks round 1 from the same scored round 0: undo the previous pick and put round 0
                // back where the life-cycle allows a selection (rounds are never rewritten in production).
                try await client.query("DELETE FROM selections WHERE project_id = 'crafted' AND round = 1")
                try await client.query("DELETE FROM rounds WHERE project_id = 'crafted' AND number = 1")
                try await client.query("""
                    UPDATE rounds SET state = \(RoundState.selecting.rawValue) WHERE project_id = 'crafted' AND number = 0
                    """)
                let queue = JobQueue(client: client, logger: logger)
                let job = try await queue.enqueue(try NewJob(SelectPayload(round: 1), projectID: "crafted",
                                                             idempotencyKey: "select:crafted:1:\(strategy):\(space)"))
                try await withWorkers([SelectHandler()], url: url, client: client, store: store, logger: logger) {
                    try await eventually(timeout: 20, "select job done") { try await queue.job(id: job)?.state == .done }
                }
                let picks = try await client.withCatalog(logger: logger) { try await $0.selections(project: "crafted", round: 1) }
                return picks.compactMap { pick in project.scans.firstIndex(of: pick.scan.id) }
            }

            let byEntropy = try await select(.entropy)
            let mostUncertain = (1..<5).sorted { entropy[$0] > entropy[$1] }
            XCTAssertEqual(byEntropy, Array(mostUncertain.prefix(2)), "plain entropy takes the top two")

            let byDiversity = try await select(.entropyDiversity)
            XCTAssertEqual(byDiversity.count, 2)
            XCTAssertEqual(byDiversity.first, mostUncertain.first, "the most uncertain, far-away scan still comes first")
            XCTAssertNotEqual(Set(byDiversity), Set(byEntropy), "diversity must not take the near-twin")
            let twin = mostUncertain[1]
            XCTAssertFalse(byDiversity.contains(twin))

            // The same geometry seen through the model (the score job's features file, every pool scan, labelled
            // ones too): its features are L2-normalised, which keeps the twins twins, so the twin is still passed over.
            try ScanVectorFile.write(.features, (0..<5).map { (project.scans[$0], [Float(coordinates[$0].0), Float(coordinates[$0].1), 1]) },
                                     project: "crafted", round: 0, store: store)
            let byModel = try await select(.entropyDiversity, space: .model)
            XCTAssertEqual(byModel.first, mostUncertain.first)
            XCTAssertFalse(byModel.contains(twin), "\(byModel)")
            let provenance = try await rows(client, "SELECT space, embedding FROM selections WHERE project_id = 'crafted' AND round = 1",
                                            as: (String, String).self)
            XCTAssert(provenance.allSatisfy { $0.0 == "model" && $0.1 == "unet-round-0@" }, "\(provenance)")

            let roundZero = try await rows(client, "SELECT state FROM rounds WHERE project_id = 'crafted' AND number = 0", as: String.self)
            XCTAssertEqual(roundZero, [RoundState.closed.rawValue])
        }
    }
}
