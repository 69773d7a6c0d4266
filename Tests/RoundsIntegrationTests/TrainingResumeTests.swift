import Catalog
import Foundation
import PostgresNIO
import Rounds
import TensorStore
import TestSupport
import XCTest

/// A trainer stopped between epochs picks up after its last checkpoint, and ends where one uninterrupted run ends.
final class TrainingResumeTests: XCTestCase {
    func testCancelledRunResumesAfterItsLastEpoch() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try temporaryStore()
        let configuration = LungProject.configuration(epochs: 4)
        let specification = try ModelSpecification(configuration)
        let samples = try await withClient(url) { client, logger in
            try await client.withCatalog(logger: logger) { catalog in
                let project = try await LungProject.create("resume", count: 6, configuration: configuration, catalog: catalog,
                                                           store: store)
                for index in 0..<6 { try await project.label(index, catalog: catalog) }
                let scans = try await catalog.scans(project: "resume")
                let labelled = try await catalog.currentLabels(project: "resume").compactMap { label in
                    scans.first { $0.id == label.scanID }.map { (scan: $0, label: label) }
                }
                return try TrainingSamples.load(labelled, specification: specification, store: store)
            }
        }
        func run(_ name: String) -> TrainingRun {
            TrainingRun(specification: specification, samples: samples, store: store,
                        location: CheckpointLocation(project: name, round: 0), warmStart: nil)
        }
        let straight = try await run("straight").run()

        let stopAfter = 2
        let interrupted = Task {
            try await run("resumed").run { record in
                if record.epoch == stopAfter { withUnsafeCurrentTask { $0?.cancel() } }
            }
        }
        do {
            _ = try await interrupted.value
            XCTFail("a cancelled run must stop, not finish")
        } catch is CancellationError {}
        XCTAssertTrue(run("resumed").canResume, "the last epoch's checkpoint must survive the cancellation")

        let epochs = EpochLog()
        let resumed = try await run("resumed").run { await epochs.append($0.epoch) }
        let reported = await epochs.values
        XCTAssertEqual(reported, Array((stopAfter + 1)...configuration.training.epochs), "the epoch counter continues")
        XCTAssertEqual(resumed.curve.map(\.epoch), Array(1...configuration.training.epochs))
        XCTAssertEqual(resumed.curve.map(\.loss), straight.curve.map(\.loss), "resuming must not change the run")
        XCTAssertEqual(resumed.weights, straight.weights)

        run("resumed").discardCheckpoint()
        XCTAssertFalse(run("resumed").canResume)
    }
}

actor EpochLog {
    private(set) var values: [Int] = []
    func append(_ epoch: Int) { values.append(epoch) }
}

/// The same through the queue: a trainer shut down mid-run hands its job back, and the next worker to claim
/// it continues from the checkpoint on the store.
final class TrainJobShutdownTests: XCTestCase {
    func testTrainJobStoppedMidRunIsFinishedByTheNextWorkerFromItsCheckpoint() async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try temporaryStore()
        try await withClient(url) { client, logger in
            let configuration = LungProject.configuration(epochs: 60)
            try await client.withCatalog(logger: logger) { catalog in
                let project = try await LungProject.create("stopped", count: 6, configuration: configuration, catalog: catalog,
                                                           store: store)
                try await project.openRoundZero(picks: Array(0..<6), coordinates: (0..<6).map { (Double($0), 0) },
                                                catalog: catalog)
                for index in 0..<6 { try await project.label(index, catalog: catalog) }
            }
            let checkpoint = CheckpointLocation(project: "stopped", round: 0).epoch
            try await withWorkers([TrainHandler()], url: url, client: client, store: store, logger: logger, leaseSeconds: 2) {
                try await eventually(timeout: 30, "a first epoch checkpoint") { store.exists(checkpoint) }
            }
            let afterStop = try await rows(client, "SELECT state FROM jobs WHERE kind = 'train'", as: String.self)
            XCTAssertNotEqual(afterStop, ["done"], "the run must still be unfinished when its worker stops")

            try await withWorkers([TrainHandler()], url: url, client: client, store: store, logger: logger, leaseSeconds: 2) {
                try await eventually(timeout: 40, "the train job done") {
                    try await rows(client, "SELECT state FROM jobs WHERE kind = 'train'", as: String.self) == ["done"]
                }
            }
            let model = try await rows(client, "SELECT validation::text, curve::text FROM models WHERE round = 0",
                                       as: (String, String).self)
            let validation = try jsonObject(try XCTUnwrap(model.first?.0))
            let resumedAfter = try XCTUnwrap(validation["resumed_after_epoch"] as? Int, "the second worker must resume")
            XCTAssert((1..<configuration.training.epochs).contains(resumedAfter))
            let curve = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try XCTUnwrap(model.first?.1).utf8)) as? [[String: Any]])
            XCTAssertEqual(curve.compactMap { $0["epoch"] as? Int }, Array(1...configuration.training.epochs),
                           "one curve across both workers, no epoch repeated")
            XCTAssertFalse(store.exists(checkpoint), "the finished round's checkpoint is removed")
        }
    }
}
