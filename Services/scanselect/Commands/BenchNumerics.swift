import Benchmarks
import ArgumentParser
import Encoders
import Engine
import Foundation
import SegmentationMetrics
import Selection

/// Training step and inference of the default U-Net against PyTorch's, same architecture, same machine.
struct BenchTrain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "U-Net training step and inference vs PyTorch.")
    @Option(help: "2: the slice U-Net (5 levels, batch 8, 256²); 3: the 3-D U-Net (4 levels, batch 2, 32 × 64² patches).")
    var dims = 2
    @Option(help: "Batch size (default by --dims).") var batch: Int?
    @Option(help: "Image side (default by --dims).") var side: Int?
    @Option(help: "Slices per 3-D patch.") var depth = 32
    @Option(help: "Timed steps.") var steps = 5
    @Option(help: "Python with torch installed (the peer); skipped when it has none.") var python = "python3"

    func validate() throws {
        guard dims == 2 || dims == 3 else { throw ValidationError("--dims is 2 or 3") }
    }

    func run() async throws {
        let volumes = dims == 3
        let batch = self.batch ?? (volumes ? 2 : 8), side = self.side ?? (volumes ? 64 : 256), levels = volumes ? 4 : 5
        let ours = try TrainStepBenchmark.run(batchSize: batch, side: side, baseChannels: 16, levels: levels,
                                              dimensions: dims, depth: depth, warmupSteps: 2, timedSteps: steps)
        print(String(format: "scanselect: %.3f s/step, %.3f s/inference, peak %.0f MiB, %d parameters",
                     ours.secondsPerStep, ours.secondsPerInference, Double(ours.peakMemoryBytes ?? 0) / 1_048_576,
                     ours.parameters))
        guard let peer = PeerScript.run(python: python, script: "Tests/EngineReference/bench_torch_unet.py",
                                        arguments: ["--steps", "\(steps)", "--batch", "\(batch)", "--side", "\(side)",
                                                    "--dims", "\(dims)", "--depth", "\(depth)", "--levels", "\(levels)"]),
              let step = peer["seconds_per_step"] as? Double, let inference = peer["seconds_per_inference"] as? Double
        else {
            print("pytorch: not available (pass --python with a venv that has torch)")
            return
        }
        print(String(format: "pytorch %@: %.3f s/step, %.3f s/inference, peak %.0f MiB",
                     "\(peer["torch"] ?? "?")", step, inference, Double(peer["peak_memory_bytes"] as? Int ?? 0) / 1_048_576))
        print(String(format: "ratio (scanselect / pytorch time): step %.2f×, inference %.2f×",
                     ours.secondsPerStep / step, ours.secondsPerInference / inference))
    }
}

/// ResNet-50 embedding throughput at 224×224 against torchvision's.
struct BenchEmbed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "embed", abstract: "ResNet-50 images/s vs torchvision.")
    @Option(help: "Images per forward pass.") var batch = 8
    @Option(help: "Images to embed.") var images = 32
    @Option(help: "Python with torch and torchvision (the peer).") var python = "python3"

    func run() async throws {
        let ours = EmbeddingBenchmark.resnet50(batch: batch, images: images)
        print(String(format: "scanselect resnet50: %.1f images/s", ours))
        guard let peer = PeerScript.run(python: python, script: "Tests/EncodersReference/bench_torch_resnet50.py",
                                        arguments: ["--batch", "\(batch)", "--images", "\(images)"]),
              let theirs = peer["images_per_second"] as? Double
        else {
            print("torchvision: not available (pass --python with a venv that has torch and torchvision)")
            return
        }
        print(String(format: "torchvision resnet50: %.1f images/s\nratio (scanselect / torch throughput): %.2f×", theirs, ours / theirs))
    }
}

/// Cold start at 100,000 scans (PCA + k-means in embedding space) and t-SNE at 20,000 points.
struct BenchSelect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "select", abstract: "Cold-start selection and t-SNE at scale.")
    @Option(help: "Scans for the cold-start run.") var scans = 100_000
    @Option(help: "Points for the t-SNE run (0 skips it).") var tsnePoints = 20_000

    func run() async throws {
        for timing in try SelectionBenchmark.coldStartAtScale(scans: scans) {
            print(String(format: "%-9@ %7.1f s  %@", timing.stage, timing.seconds, timing.detail))
        }
        if tsnePoints > 0 {
            for timing in try SelectionBenchmark.tsneAtScale(points: tsnePoints) {
                print(String(format: "%-9@ %7.1f s  %@", timing.stage, timing.seconds, timing.detail))
            }
        }
    }
}

/// Segmentation metrics (Dice, IoU, HD, HD95, ASSD) on 512×512 mask pairs.
struct BenchMetrics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "metrics", abstract: "Metrics throughput on mask pairs.")
    @Option(help: "Mask pairs.") var pairs = 10_000
    @Option(help: "Mask side.") var size = 512

    func run() async throws {
        print(try MetricsBenchmark.run(pairs: pairs, size: size))
    }
}
