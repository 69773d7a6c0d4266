import NumericSupport
import ArgumentParser
import Engine
import Foundation
import Imaging
import Ingest
import SegmentationMetrics

/// The supervised baseline every active-learning experiment builds on: Dice and HD95 on a fixed test split
/// after training on 5, 10, 20, 40, 60 scans, several seeds each, with the wall time of each training.
/// Runs the engine in-process on the manifest's PNGs (no services), so it measures the model, not the plumbing.
struct BenchLearningCurve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learning-curve", abstract: "U-Net test Dice/HD95 vs training-set size on a labelled manifest.")
    @Option(help: "Manifest (id,image,mask,… or image,mask).") var manifest = "../shared/data/cxr-lungs/manifest.csv"
    @Option(help: "Training pool: the first N manifest rows; the rest is the test split.") var trainPool = 60
    @Option(parsing: .upToNextOption, help: "Training-set sizes.") var counts: [Int] = [5, 10, 20, 40, 60]
    @Option(help: "Seeds per size.") var seeds = 3
    @Option(help: "Working resolution.") var side = 128
    @Option(help: "U-Net base channels.") var baseChannels = 16
    @Option(help: "U-Net depth.") var depth = 4
    @Option(help: "Epochs.") var epochs = 40
    @Option(help: "Epochs without validation gain before training stops early.") var patience = 10
    @Option(help: "Samples per epoch at least (passes of a small training set repeat).") var minSamplesPerEpoch = 32
    @Flag(help: "Train on the two lungs as separate classes instead of one foreground.") var multiclass = false

    struct Case {
        let image: [Float]
        let mask: [UInt8]
    }

    func run() async throws {
        let entries = try CSVManifest.read(manifest)
        guard entries.count > trainPool, let maxCount = counts.max(), maxCount <= trainPool else {
            throw ValidationError("the manifest has \(entries.count) rows: it needs more than --train-pool \(trainPool) ≥ every count")
        }
        let cases = try entries.map(load)
        let pool = Array(cases[..<trainPool]), test = Array(cases[trainPool...])
        print("split: train pool = manifest rows 1…\(trainPool), test = rows \(trainPool + 1)…\(entries.count) (\(test.count) scans)")
        print("| scans | Dice (mean ± sd) | HD95 px (mean ± sd) | seconds per training |")
        print("|---|---|---|---|")
        for count in counts {
            var dice: [Double?] = [], hd95: [Double?] = [], seconds: [Double] = []
            for seed in 0..<seeds {
                let chosen = seededSubset(pool.count, count: count, seed: UInt64(seed))
                let started = Date()
                let model = try train(chosen.map { pool[$0] }, seed: UInt64(seed))
                seconds.append(Date().timeIntervalSince(started))
                let summary = try evaluate(model, on: test)
                dice.append(summary.dice.mean)
                hd95.append(summary.hausdorff95.mean)
            }
            let d = MetricSummary(dice), h = MetricSummary(hd95)
            print(String(format: "| %d | %.3f ± %.3f | %.1f ± %.1f | %.0f |", count, d.mean ?? .nan, d.standardDeviation ?? 0,
                         h.mean ?? .nan, h.standardDeviation ?? 0, seconds.reduce(0, +) / Double(seconds.count)))
        }
    }

    private func load(_ entry: ManifestEntry) throws -> Case {
        guard let maskPath = entry.mask else { throw ValidationError("row \(entry.line) of \(manifest) has no mask") }
        let (volume, _) = IngestPreprocessor(workingWidth: side, workingHeight: side).prepare(try ImageLoader.load(path: entry.image))
        let mask = try PNGDecoder.decode(path: maskPath)
        guard case let .uint8(labels) = mask.samples, mask.channels == 1 else {
            throw ValidationError("\(maskPath): expected an 8-bit grey label PNG")
        }
        let resized = Resampling.resizeLabels(labels, width: mask.width, height: mask.height, toWidth: side, toHeight: side)
        return Case(image: volume.pixels, mask: multiclass ? resized : resized.map { $0 > 0 ? 1 : 0 })
    }

    private func train(_ cases: [Case], seed: UInt64) throws -> UNet {
        let samples = try cases.map { try SegmentationSample(image: $0.image, mask: $0.mask, height: side, width: side) }
        let configuration = TrainingConfiguration(
            model: UNetConfiguration(classes: multiclass ? 3 : 2, baseChannels: baseChannels, depth: depth),
            epochs: epochs, batchSize: 8, side: side, patience: patience,
            minimumSamplesPerEpoch: minSamplesPerEpoch, seed: seed)
        return try SegmentationTrainer(configuration: configuration, samples: samples).train().model
    }

    /// Foreground (lungs together) Dice and HD95 in working-grid pixels: the set has no pixel spacing.
    private func evaluate(_ model: UNet, on test: [Case]) throws -> MetricsSummary {
        let probabilities = try model.predictProbabilities(images: test.map(\.image), height: side, width: side)
        let cases = try zip(probabilities, test).map { probability, truth -> MetricsCase in
            let predicted = Self.foreground(probability)
            return MetricsCase(prediction: try LabelMap(shape: [side, side], labels: predicted),
                               truth: try LabelMap(shape: [side, side], labels: truth.mask.map { $0 > 0 ? 1 : 0 }),
                               spacing: .pixels(axes: 2))
        }
        return try MetricsSummary(try BatchMetrics.evaluate(cases, labels: [1]).map { $0[0] })
    }

    /// Binary: p ≥ 0.5; multi-class: any non-background argmax.
    static func foreground(_ probability: Tensor) -> [UInt8] {
        let channels = probability.shape[0], plane = probability.count / channels
        guard channels > 1 else { return probability.data.map { $0 >= 0.5 ? 1 : 0 } }
        return (0..<plane).map { pixel in
            let background = probability.data[pixel]
            return (1..<channels).contains { probability.data[$0 * plane + pixel] > background } ? 1 : 0
        }
    }

    private func seededSubset(_ total: Int, count: Int, seed: UInt64) -> [Int] {
        var generator = SeededRandom(seed: seed &+ 0x5CA2)
        var indices = Array(0..<total)
        for i in stride(from: total - 1, to: 0, by: -1) {
            indices.swapAt(i, Int(generator.nextUniform() * Float(i + 1)) % (i + 1))
        }
        return Array(indices.prefix(count))
    }
}
