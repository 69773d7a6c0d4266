@testable import Console
@testable import Uncertainty
import XCTest

/// A 3-D model's overlay: one prediction per volume, whatever slice or how many requests at once.
final class PredictorCacheTests: XCTestCase {
    private actor Runs {
        var count = 0
        func add() { count += 1 }
    }

    private struct PredictionFailed: Error {}

    func testAVolumeIsPredictedOnceForAllItsSlicesAndAgainForAnotherVolumeOrModel() async throws {
        let cache = PredictorCache()
        let runs = Runs()
        let maps = try ProbabilityMaps.binary([0.2, 0.8, 0.6], spatialShape: [3, 1, 1])
        @Sendable func ask(_ model: Int64, _ path: String) async throws -> ProbabilityMaps {
            try await cache.volumeMaps(model: model, tensorPath: path) {
                await runs.add()
                try await Task.sleep(for: .milliseconds(50))
                return maps
            }
        }
        async let first = ask(1, "v1")
        async let second = ask(1, "v1")
        let both = try await [first, second]
        XCTAssertEqual(try both.map { try $0.plane(2).values }, [[0.6], [0.6]])
        _ = try await ask(1, "v1")
        let onceForV1 = await runs.count
        XCTAssertEqual(onceForV1, 1, "concurrent and later requests for one volume share one prediction")
        _ = try await ask(1, "v2")
        _ = try await ask(2, "v2")
        let afterOthers = await runs.count
        XCTAssertEqual(afterOthers, 3, "another volume, then another model, predicts again")
    }

    func testAFailedPredictionIsNotKept() async throws {
        let cache = PredictorCache()
        let runs = Runs()
        do {
            _ = try await cache.volumeMaps(model: 1, tensorPath: "v") { await runs.add(); throw PredictionFailed() }
            XCTFail("the failure should reach the request")
        } catch is PredictionFailed {}
        let maps = try await cache.volumeMaps(model: 1, tensorPath: "v") {
            await runs.add()
            return try ProbabilityMaps.binary([0.9], spatialShape: [1, 1, 1])
        }
        XCTAssertEqual(maps.values, [0.9])
        let count = await runs.count
        XCTAssertEqual(count, 2)
    }
}
