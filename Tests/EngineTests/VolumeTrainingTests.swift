@testable import Engine
import NumericSupport
import XCTest

/// Synthetic volumes: a bright ball (label 1) on a dark background, its centre varying per volume, in a volume
/// of `depth` slices of side²; the ball fills only a few of the slices.
private func ballVolumes(count: Int, depth: Int = 20, side: Int = 16) throws -> [SegmentationSample] {
    try (0..<count).map { index in
        let cz = Float(5 + (index * 5) % 10), cy = Float(6 + index % 4), cx = Float(7 + (index * 3) % 3), radius: Float = 3.5
        var image = [Float](repeating: 0.1, count: depth * side * side), mask = [UInt8](repeating: 0, count: image.count)
        for z in 0..<depth {
            for y in 0..<side {
                for x in 0..<side {
                    let d = (Float(z) - cz) * (Float(z) - cz) + (Float(y) - cy) * (Float(y) - cy) + (Float(x) - cx) * (Float(x) - cx)
                    if d < radius * radius {
                        image[(z * side + y) * side + x] = 0.8
                        mask[(z * side + y) * side + x] = 1
                    }
                }
            }
        }
        return try SegmentationSample(image: image, mask: mask, height: side, width: side, depth: depth)
    }
}

final class VolumeTrainingTests: XCTestCase {
    func testPatchesAreRigidSlabsAndOftenHoldTheForeground() throws {
        let volume = try ballVolumes(count: 1)[0]
        var augmentation = Augmentation()
        augmentation.maxRotationDegrees = 20
        var withForeground = 0
        for seed in 0..<30 {
            let batch = VolumePatch.batch([volume], patchDepth: 8, side: 16, augmentation: augmentation,
                                          generator: SeededRandom(seed: UInt64(seed)))
            XCTAssertEqual(batch.images.shape, [1, 1, 8, 16, 16])
            XCTAssertEqual(batch.labels.shape, [1, 1, 8, 16, 16])
            if batch.labels.data.contains(1) { withForeground += 1 }
        }
        // The ball covers slices 2–8 of 20: 9 of the 13 window positions hold some of it, and the patches centred
        // on a foreground slice (a third) always do.
        XCTAssertGreaterThanOrEqual(withForeground, 10)

        // Identical slices under one patch transform stay identical: one rotation and one gamma for the slab.
        let flat = try SegmentationSample(image: (0..<(4 * 64)).map { Float(($0 % 64) % 8) / 8 }, mask: [UInt8](repeating: 0, count: 256),
                                          height: 8, width: 8, depth: 4)
        let slab = VolumePatch.batch([flat], patchDepth: 8, side: 8, augmentation: augmentation, generator: SeededRandom(seed: 5))
        let plane = 64
        for z in 1..<4 { XCTAssertEqual(Array(slab.images.data[(z * plane)..<((z + 1) * plane)]), Array(slab.images.data[0..<plane])) }
        XCTAssertEqual(Array(slab.images.data[(4 * plane)...]).max(), 0, "slices past the volume are padding")
    }

    func testSlidingWindowOfAPointwiseNetworkEqualsOneForwardPass() {
        var generator = SeededRandom(seed: 4)
        let conv = Conv(inChannels: 1, outChannels: 3, kernelSize: 1, dimensions: 3, generator: &generator)
        for depth in [5, 8, 21] {
            let volume = Tensor(shape: [1, 1, depth, 4, 5], data: (0..<(depth * 20)).map { Float(sin(Double($0))) })
            let direct = conv.forward(volume, mode: .inference)
            let windows = SlidingWindow.run(volume, window: 8) { conv.forward($0, mode: .inference) }
            XCTAssertEqual(windows.shape, direct.shape)
            for (a, b) in zip(windows.data, direct.data) { XCTAssertEqual(a, b, accuracy: 1e-5, "depth \(depth)") }
        }
        XCTAssertEqual(SlidingWindow.starts(depth: 21, window: 8), [0, 4, 8, 12, 13])
        XCTAssertEqual(SlidingWindow.starts(depth: 5, window: 8), [0])
    }

    func testA3DNetworkLearnsBallsFromPatches() throws {
        let configuration = TrainingConfiguration(
            model: UNetConfiguration(baseChannels: 4, depth: 2, dimensions: 3), epochs: 8, batchSize: 2, side: 16,
            optimizer: .adamW(learningRate: 1e-2, weightDecay: 1e-4), patience: 10, minimumSamplesPerEpoch: 8,
            patchDepth: 8, seed: 42)
        let trainer = try SegmentationTrainer(configuration: configuration, samples: ballVolumes(count: 6))
        var reports: [EpochReport] = []
        let outcome = try trainer.train(progress: { reports.append($0) })
        XCTAssertEqual(reports.count, 8)
        XCTAssertLessThan(reports.last!.trainingLoss, reports.first!.trainingLoss)
        XCTAssertGreaterThan(outcome.bestValidationDice, 0.5, "validated on whole volumes by sliding window: \(reports)")
    }
}
