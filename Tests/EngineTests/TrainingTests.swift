@testable import Engine
import NumericSupport
import SafeTensors
import XCTest

/// Synthetic scans: a bright disc (label 1) on a dark background, disc position varying per sample.
private func discSamples(count: Int, side: Int = 24) throws -> [SegmentationSample] {
    try (0..<count).map { index in
        let cx = Float(8 + index % 8), cy = Float(10 + (index * 3) % 6), radius: Float = 5
        var image = [Float](repeating: 0.1, count: side * side), mask = [UInt8](repeating: 0, count: side * side)
        for y in 0..<side {
            for x in 0..<side where (Float(x) - cx) * (Float(x) - cx) + (Float(y) - cy) * (Float(y) - cy) < radius * radius {
                image[y * side + x] = 0.8
                mask[y * side + x] = 1
            }
        }
        return try SegmentationSample(image: image, mask: mask, height: side, width: side)
    }
}

private func tinyConfiguration(epochs: Int = 3, dropout: Float = 0) -> TrainingConfiguration {
    TrainingConfiguration(model: UNetConfiguration(baseChannels: 4, depth: 3, dropout: dropout), epochs: epochs,
                          batchSize: 2, side: 24, optimizer: .adamW(learningRate: 1e-2, weightDecay: 1e-4),
                          patience: 10, seed: 42)
}

final class TrainingTests: XCTestCase {
    func testTrainingReportsEveryEpochAndLearns() throws {
        let trainer = try SegmentationTrainer(configuration: tinyConfiguration(epochs: 6), samples: discSamples(count: 8))
        var reports: [EpochReport] = []
        let outcome = try trainer.train(progress: { reports.append($0) })
        XCTAssertEqual(reports.map(\.epoch), Array(0..<6))
        XCTAssertLessThan(reports.last!.trainingLoss, reports.first!.trainingLoss)
        XCTAssertEqual(outcome.bestValidationDice, reports.map(\.validationDice).max())
    }

    func testSmallSetsRepeatShuffledPassesUpToTheMinimumEpochSize() {
        var shuffler = SeededRandom(seed: 3)
        let indices = [4, 7, 9, 12, 15]
        let order = SegmentationTrainer.epochOrder(indices, minimumSamples: 12, shuffler: &shuffler)
        XCTAssertEqual(order.count, 12)
        XCTAssertEqual(order[0..<5].sorted(), indices, "each pass holds every sample once")
        XCTAssertEqual(order[5..<10].sorted(), indices)
        XCTAssertNotEqual(Array(order[0..<5]), Array(order[5..<10]), "each pass is shuffled afresh")
        XCTAssert(Set(order[10...]).isSubset(of: indices))
        var again = SeededRandom(seed: 3)
        XCTAssertEqual(SegmentationTrainer.epochOrder(indices, minimumSamples: 0, shuffler: &again).sorted(), indices,
                       "a large enough set is one pass")
    }

    func testSameSeedGivesIdenticalRuns() throws {
        let samples = try discSamples(count: 6)
        var first: [EpochReport] = [], second: [EpochReport] = []
        _ = try SegmentationTrainer(configuration: tinyConfiguration(dropout: 0.1), samples: samples).train(progress: { first.append($0) })
        _ = try SegmentationTrainer(configuration: tinyConfiguration(dropout: 0.1), samples: samples).train(progress: { second.append($0) })
        XCTAssertEqual(first, second)
    }

    /// A trainer killed after epoch 1 and resumed from its checkpoint continues exactly as if uninterrupted.
    func testResumeFromCheckpointContinuesTheSameRun() throws {
        let samples = try discSamples(count: 6)
        var full: [EpochReport] = [], checkpoints: [TrainingCheckpoint] = []
        let uninterrupted = try SegmentationTrainer(configuration: tinyConfiguration(), samples: samples)
            .train(progress: { full.append($0) }, saveCheckpoint: { checkpoints.append($0) })
        let saved = try TrainingCheckpoint(bytes: checkpoints[1].bytes)
        XCTAssertEqual(saved.epoch, 1)
        var resumed: [EpochReport] = []
        let outcome = try SegmentationTrainer(configuration: tinyConfiguration(), samples: samples)
            .train(resumingFrom: saved, progress: { resumed.append($0) })
        XCTAssertEqual(resumed, Array(full.dropFirst(2)))
        XCTAssertEqual(outcome.model.serializedState(), uninterrupted.model.serializedState())
    }

    /// Three classes (background, disc left of centre = 1, right = 2) exercise cross-entropy + multi-class Dice.
    func testMultiClassTrainingLearns() throws {
        let samples = try discSamples(count: 8).map { sample in
            var labelled = sample
            labelled.mask = sample.mask.enumerated().map { $0.element == 0 ? 0 : ($0.offset % sample.width < 12 ? 1 : 2) }
            return labelled
        }
        var configuration = tinyConfiguration(epochs: 5)
        configuration.model.classes = 3
        var reports: [EpochReport] = []
        let outcome = try SegmentationTrainer(configuration: configuration, samples: samples).train(progress: { reports.append($0) })
        XCTAssertLessThan(reports.last!.trainingLoss, reports.first!.trainingLoss)
        XCTAssertEqual(outcome.model.configuration.outputChannels, 3)
    }

    /// Resuming from a warm start trains the given weights: with a fresh model's own weights it is the fresh run.
    func testWarmStartFromOwnInitialisationEqualsFreshRun() throws {
        let samples = try discSamples(count: 6)
        var fresh: [EpochReport] = [], warm: [EpochReport] = []
        _ = try SegmentationTrainer(configuration: tinyConfiguration(), samples: samples).train(progress: { fresh.append($0) })
        let initial = try UNet(configuration: tinyConfiguration().model, seed: tinyConfiguration().seed)
        let start = TrainingCheckpoint.warmStart(model: initial, configuration: tinyConfiguration())
        XCTAssertEqual(start.epoch, -1)
        _ = try SegmentationTrainer(configuration: tinyConfiguration(), samples: samples)
            .train(resumingFrom: start, progress: { warm.append($0) })
        XCTAssertEqual(warm, fresh)
    }

    func testRejectsLabelsBeyondTheClassCount() throws {
        var samples = try discSamples(count: 2)
        samples[0].mask[0] = 2
        XCTAssertThrowsError(try SegmentationTrainer(configuration: tinyConfiguration(), samples: samples))
    }

    /// Without flips, a mask confined to the left half stays on the left under any augmentation.
    func testAugmentationKeepsLeftAndRight() throws {
        let side = 32
        var image = [Float](repeating: 0, count: side * side), mask = [UInt8](repeating: 0, count: side * side)
        for y in 8..<24 { for x in 4..<12 { mask[y * side + x] = 1; image[y * side + x] = 1 } }
        let sample = try SegmentationSample(image: image, mask: mask, height: side, width: side)
        var generator = SeededRandom(seed: 1)
        for _ in 0..<20 {
            let (augmentedImage, augmentedMask) = Augmentation().apply(to: sample, side: side, generator: &generator)
            let columns = augmentedMask.indices.filter { augmentedMask[$0] == 1 }.map { $0 % side }
            XCTAssertFalse(columns.isEmpty)
            XCTAssertLessThan(columns.max() ?? side, side / 2)
            XCTAssertEqual(augmentedImage.count, side * side)
        }
        var identity = SeededRandom(seed: 2)
        let plain = Augmentation.none.apply(to: sample, side: side, generator: &identity)
        XCTAssertEqual(plain.mask, mask)
        XCTAssertEqual(plain.image, image)
    }

    func testInferenceGivesProbabilitiesAndMonteCarloVaries() throws {
        let model = try UNet(configuration: UNetConfiguration(classes: 3, baseChannels: 4, depth: 3, dropout: 0.3), seed: 1)
        let image = (0..<(20 * 30)).map { Float($0 % 7) / 7 }
        let single = try model.predictProbabilities(image: image, height: 20, width: 30)
        XCTAssertEqual(single.shape, [3, 20, 30])
        for p in 0..<600 {
            XCTAssertEqual(single.data[p] + single.data[600 + p] + single.data[1200 + p], 1, accuracy: 1e-5)
        }
        let again = try model.predictProbabilities(image: image, height: 20, width: 30)
        XCTAssertEqual(single, again)
        let sampled = try model.predictProbabilities(image: image, height: 20, width: 30, workingSide: 16, passes: 4, seed: 3)
        XCTAssertEqual(sampled.shape, [3, 20, 30])
        XCTAssertNotEqual(sampled, single)
        XCTAssertThrowsError(try model.predictProbabilities(image: image, height: 10, width: 10))
        let reversed = Array(image.reversed())
        let batched = try model.predictProbabilities(images: [image, reversed], height: 20, width: 30)
        XCTAssertEqual(batched[0].data.count, single.data.count)
        for (a, b) in zip(batched[0].data, single.data) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        let second = try model.predictProbabilities(image: reversed, height: 20, width: 30)
        for (a, b) in zip(batched[1].data, second.data) { XCTAssertEqual(a, b, accuracy: 1e-5) }
    }
}
