import Catalog
import Foundation
import Imaging
import JobQueue
import PostgresNIO
@testable import Rounds
import SegmentationMetrics
import TensorStore
import TestSupport
import XCTest

/// The active-learning loop end to end on real X-rays: labels close round 0 → train → score → select opens
/// round 1, each hand-off through the job queue.
final class RoundLoopTests: XCTestCase {
    func testProjectClosesAfterItsLastRoundWithoutScoring() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try temporaryStore()
        try await withClient(url) { client, logger in
            var configuration = LungProject.configuration(epochs: 1)
            configuration.activeLearning.maxRounds = 0
            let finalConfiguration = configuration
            try await client.withCatalog(logger: logger) { catalog in
                let project = try await LungProject.create("last", count: 6, configuration: finalConfiguration,
                                                           catalog: catalog, store: store)
                try await project.openRoundZero(picks: [0, 1, 2], coordinates: (0..<6).map { (Double($0), 0) },
                                                catalog: catalog)
                for index in 0..<3 { try await project.label(index, catalog: catalog) }
            }
            try await withWorkers([TrainHandler(), ScoreHandler(), SelectHandler()], url: url, client: client, store: store,
                                  logger: logger) {
                try await eventually(timeout: 60, "round 0 trained") {
                    try await scalar(client, "SELECT count(*)::bigint FROM models WHERE project_id = 'last'", as: Int64.self) == 1
                }
            }
            // The model and the round's state commit with the train job, so nothing can follow later.
            let kinds = try await rows(client, "SELECT kind FROM jobs WHERE project_id = 'last' AND kind <> 'embed' ORDER BY id", as: String.self)
            XCTAssertEqual(kinds, ["train"])
            let states = try await rows(client, "SELECT state FROM rounds WHERE project_id = 'last' ORDER BY number",
                                        as: String.self)
            XCTAssertEqual(states, [RoundState.closed.rawValue])
        }
    }

    func testLabelledRoundTrainsScoresAndSelectsTheNextBatch() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try temporaryStore()
        try await withClient(url) { client, logger in
            let configuration = LungProject.configuration()
            let project = try await client.withCatalog(logger: logger) { catalog in
                let project = try await LungProject.create("lungs", count: 12, test: 2, configuration: configuration,
                                                           catalog: catalog, store: store)
                try await project.openRoundZero(picks: [0, 1, 2, 3], coordinates: (0..<12).map { (Double($0 % 4), Double($0 / 4)) },
                                                catalog: catalog)
                for index in 0..<4 { try await project.label(index, catalog: catalog) }
                for index in 10..<12 { try await project.label(index, catalog: catalog) }
                return project
            }
            let trainJobs = try await rows(client, "SELECT count(*)::bigint FROM jobs WHERE kind = 'train'", as: Int64.self)
            XCTAssertEqual(trainJobs, [1], "labelling the last pick of round 0 must enqueue its training")

            try await withWorkers([TrainHandler(), ScoreHandler(), SelectHandler()], url: url, client: client, store: store,
                                  logger: logger) {
                try await eventually(timeout: 60, "round 1 opened") {
                    try await rows(client, "SELECT state FROM rounds WHERE project_id = 'lungs' AND number = 1",
                                   as: String.self) == [RoundState.open.rawValue]
                }
            }

            let states = try await rows(client,
                                        "SELECT kind || ':' || state FROM jobs WHERE kind IN ('train','score','select') ORDER BY id",
                                        as: String.self)
            XCTAssertEqual(states, ["train:done", "score:done", "select:done"])
            let roundZero = try await rows(client, "SELECT state FROM rounds WHERE project_id = 'lungs' AND number = 0", as: String.self)
            XCTAssertEqual(roundZero, [RoundState.closed.rawValue])

            // The model: trained on exactly the labelled pool scans, with a curve of every epoch.
            let models = try await rows(client,
                                        "SELECT validation::text, curve::text, cardinality(labelled_scans) FROM models WHERE round = 0",
                                        as: (String, String, Int).self)
            XCTAssertEqual(models.count, 1)
            let validation = try jsonObject(models[0].0)
            let dice = try XCTUnwrap(validation["dice"] as? Double)
            XCTAssert((0...1).contains(dice), "validation dice \(dice)")
            XCTAssertEqual(models[0].2, 4, "test-split labels must not be trained on")
            let curve = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(models[0].1.utf8)) as? [[String: Any]])
            XCTAssertEqual(curve.compactMap { $0["epoch"] as? Int }, Array(1...configuration.training.epochs))
            let progress = try await rows(client, "SELECT progress::text FROM jobs WHERE kind = 'train'", as: String?.self)
            XCTAssertEqual(try jsonObject(try XCTUnwrap(progress.first ?? nil))["epoch"] as? Int, configuration.training.epochs)

            // Scores: every unlabelled pool scan, with its parts.
            let unlabelledPool = project.scans[4..<10]
            let scores = try await rows(client, "SELECT scan_id, uncertainty, components::text FROM scores WHERE round = 0",
                                        as: (UUID, Double, String).self)
            XCTAssertEqual(Set(scores.map(\.0)), Set(unlabelledPool))
            for (_, uncertainty, components) in scores {
                let parts = try jsonObject(components)
                XCTAssertEqual(try XCTUnwrap(parts["entropy"] as? Double), uncertainty, accuracy: 1e-12)
                XCTAssertEqual(parts["pixels"] as? Int, LungProject.side * LungProject.side)
                XCTAssert(uncertainty >= 0 && uncertainty <= log(2) + 1e-9)
            }

            // Round 1: a full batch of unlabelled pool scans, each explained.
            let picks = try await client.withCatalog(logger: logger) { try await $0.selections(project: "lungs", round: 1) }
            XCTAssertEqual(picks.count, configuration.activeLearning.batchSize)
            for pick in picks {
                XCTAssert(unlabelledPool.contains(pick.scan.id), "picked \(pick.scan.sourceRef), which is labelled or in the test split")
                XCTAssertTrue(pick.awaitingLabel)
                XCTAssertFalse(pick.reason.isEmpty)
                let parts = try jsonObject(pick.componentsJSON)
                XCTAssertNotNil(parts["entropy"] as? Double)
                XCTAssertNotNil(parts["distance"] as? Double)
                XCTAssertEqual(try XCTUnwrap(parts["total"] as? Double), try XCTUnwrap(pick.score), accuracy: 1e-12)
            }
            // Each pick comes with round 0's model's prediction, a label PNG on the scan's grid in the store, and the
            // probability map it was thresholded from beside it.
            let preAnnotations = try await rows(client, """
                SELECT pre_annotation, pre_annotation_format, pre_annotation_probabilities FROM selection_current
                WHERE project = 'lungs' ORDER BY rank
                """, as: (String?, String?, String?).self)
            XCTAssertEqual(preAnnotations.count, picks.count)
            for (path, format, probabilities) in preAnnotations {
                XCTAssertEqual(format, "png")
                let png = try PNGDecoder.decode(path: store.absolutePath(try XCTUnwrap(path)))
                XCTAssertEqual([png.width, png.height], [LungProject.side, LungProject.side])
                let map = try PNGDecoder.decode(path: store.absolutePath(try XCTUnwrap(probabilities)))
                XCTAssertEqual([map.width, map.height], [LungProject.side, LungProject.side])
                // Where the label says foreground, the probability is at least one half (128 of 255), and below it elsewhere.
                for index in 0..<(map.width * map.height) {
                    let (x, y) = (index % map.width, index / map.width)
                    XCTAssertEqual(png.sample(x: x, y: y) != 0, map.sample(x: x, y: y) >= 128, "pixel \(x),\(y)")
                }
            }

            // Round 1 → 2 with Monte-Carlo dropout, BALD in a boundary band and BADGE, warm-started from round 0.
            var second = configuration
            second.activeLearning.strategy = .badge
            second.activeLearning.measure = .bald
            second.activeLearning.passes = 3
            second.activeLearning.boundaryBand = 2
            second.activeLearning.batchSize = 1  // one scan left over for round 3
            let secondConfiguration = second
            /// Labels the picks under a changed configuration and runs train, score and select until `round` opens.
            func label(_ picks: [SelectedScan], thenRun configuration: ProjectConfiguration, until round: Int) async throws {
                try await client.withCatalog(logger: logger) { catalog in
                    try await catalog.createProject("lungs", configuration: configuration, replace: true)
                    for pick in picks {
                        guard let index = project.scans.firstIndex(of: pick.scan.id) else { continue }
                        try await project.label(index, catalog: catalog)
                    }
                }
                try await withWorkers([TrainHandler(), ScoreHandler(), SelectHandler()], url: url, client: client, store: store,
                                      logger: logger) {
                    try await eventually(timeout: 60, "round \(round) opened") {
                        try await rows(client, "SELECT state FROM rounds WHERE project_id = 'lungs' AND number = \(round)",
                                       as: String.self) == [RoundState.open.rawValue]
                    }
                }
            }
            try await label(picks, thenRun: secondConfiguration, until: 2)
            let secondModel = try await rows(client, "SELECT validation::text, cardinality(labelled_scans) FROM models WHERE round = 1",
                                             as: (String, Int).self)
            XCTAssertEqual(secondModel.first?.1, 4 + picks.count)
            XCTAssertEqual(try jsonObject(try XCTUnwrap(secondModel.first?.0))["warm_start"] as? Bool, true)
            let baldScores = try await rows(client, "SELECT uncertainty, components::text FROM scores WHERE round = 1",
                                            as: (Double, String).self)
            XCTAssertEqual(baldScores.count, unlabelledPool.count - picks.count)
            for (uncertainty, components) in baldScores {
                XCTAssertEqual(try XCTUnwrap(try jsonObject(components)["bald"] as? Double), uncertainty, accuracy: 1e-12)
            }
            let badgePicks = try await client.withCatalog(logger: logger) { try await $0.selections(project: "lungs", round: 2) }
            XCTAssertEqual(badgePicks.count, min(secondConfiguration.activeLearning.batchSize, baldScores.count))
            XCTAssert(Set(badgePicks.map(\.scan.id)).isDisjoint(with: picks.map(\.scan.id)))
            XCTAssert(badgePicks.allSatisfy { $0.strategy == ActiveLearningStrategyName.badge.rawValue && !$0.reason.isEmpty })

            // The round's model on the held-out test scans.
            let evaluation = try await client.withCatalog(logger: logger) { catalog in
                try await TestEvaluation.evaluateTestSplit(catalog, project: "lungs", round: 0, store: store)
            }
            XCTAssertEqual(evaluation.cases, 2)
            XCTAssertEqual(evaluation.labels.map(\.label), [1])
            XCTAssertEqual(evaluation.labels.first?.summary.unit, .pixel)
            XCTAssertEqual(evaluation.labels.first?.summary.dice.defined, 2)
            // The trainer scored the same weights on the same scans when it recorded the model.
            let recorded = try await client.withCatalog(logger: logger) { catalog in
                try await TestEvaluation.recorded(catalog, project: "lungs", round: 0)
            }
            XCTAssertEqual(recorded?.cases, 2)
            XCTAssertEqual(try XCTUnwrap(recorded?.meanOverLabels(\.dice)), try XCTUnwrap(evaluation.meanOverLabels(\.dice)),
                           accuracy: 1e-9)
            let testCurve = try await rows(client, """
                SELECT test_cases, test_dice, test_distance_unit FROM learning_curve WHERE project = 'lungs' AND round = 0
                """, as: (Int, Double, String).self)
            XCTAssertEqual(testCurve.first?.0, 2)
            XCTAssertEqual(try XCTUnwrap(testCurve.first?.1), try XCTUnwrap(evaluation.meanOverLabels(\.dice)), accuracy: 1e-9)
            XCTAssertEqual(testCurve.first?.2, "px")

            // Round 2 → 3: diversity measured in the round's own model (task-aware): the score job writes the
            // features of every pool scan, labelled ones too, and the picks record that space.
            var third = configuration
            third.activeLearning.space = .model
            try await label(badgePicks, thenRun: third, until: 3)
            let features = try ScanVectorFile.read(.features, project: "lungs", round: 2, store: store)
            XCTAssertEqual(Set(features.keys), Set(project.scans[0..<10]), "every pool scan, labelled or not; no test scan")
            XCTAssert(features.values.allSatisfy { $0.count == 2 * configuration.training.baseChannels })
            let modelPicks = try await rows(client, "SELECT space, embedding FROM selections WHERE project_id = 'lungs' AND round = 3",
                                            as: (String, String).self)
            XCTAssertEqual(modelPicks.count, min(configuration.activeLearning.batchSize, 10 - 4 - picks.count - badgePicks.count))
            XCTAssert(modelPicks.allSatisfy { $0.0 == "model" && $0.1 == "unet-round-2@" }, "\(modelPicks)")
        }
    }
}
