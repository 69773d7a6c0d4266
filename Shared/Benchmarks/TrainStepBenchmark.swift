import NumericSupport
import Engine
import Foundation

/// Times the reference workload of Tests/EngineReference/bench_torch_unet.py in this engine: the U-Net
/// (base 16, 5 levels, 1.94 M parameters) at batch 8, 256×256 — one training step (forward, BCE-with-logits,
/// backward, Adam) and one eval-mode inference; or the 3-D U-Net on patches of `depth` slices.
public enum TrainStepBenchmark {
    public struct Result: Sendable, Codable, Equatable {
        public var secondsPerStep: Double
        public var secondsPerInference: Double
        /// Peak resident memory of the process (VmHWM), bytes; nil where /proc is unavailable.
        public var peakMemoryBytes: Int?
        public var parameters: Int
        public var batchSize: Int
        public var side: Int
        public var baseChannels: Int
    }

    /// `dimensions` 3 runs a `levels`-deep 3-D U-Net on [batch, 1, depth, side, side] patches.
    public static func run(batchSize: Int = 8, side: Int = 256, baseChannels: Int = 16, levels: Int = 5,
                           dimensions: Int = 2, depth: Int = 32, warmupSteps: Int = 2,
                           timedSteps: Int = 5) throws(EngineError) -> Result {
        let configuration = UNetConfiguration(baseChannels: baseChannels, depth: levels, dimensions: dimensions)
        let model = try UNet(configuration: configuration, seed: 1)
        let optimizer = Adam(layer: model, Adam.Hyperparameters(learningRate: 1e-3))
        var generator = SeededRandom(seed: 2)
        let shape = [batchSize, 1] + (dimensions == 3 ? [depth] : []) + [side, side]
        let count = shape.reduce(1, *)
        let images = Tensor(shape: shape, data: (0..<count).map { _ in generator.nextNormal() })
        let labels = Tensor(shape: shape, data: (0..<count).map { _ in generator.nextUniform() > 0.5 ? 1 : 0 })
        func step() {
            optimizer.zeroGrad()
            let loss = SegmentationLoss.binaryCrossEntropy(logits: model.forward(images, mode: .train), labels: labels)
            _ = model.backward(loss.gradient)
            optimizer.step()
        }
        for _ in 0..<warmupSteps { step() }
        let stepSeconds = time(timedSteps, step)
        let inferenceSeconds = time(timedSteps) { _ = model.forward(images, mode: .inference) }
        return Result(secondsPerStep: stepSeconds, secondsPerInference: inferenceSeconds,
                      peakMemoryBytes: peakResidentBytes(), parameters: model.parameters.reduce(0) { $0 + $1.value.count },
                      batchSize: batchSize, side: side, baseChannels: baseChannels)
    }

    private static func time(_ repetitions: Int, _ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<max(1, repetitions) { body() }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(max(1, repetitions))
    }

    /// VmHWM from /proc/self/status ("VmHWM:  123456 kB").
    static func peakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kilobytes = Int(fields[1]) { return kilobytes * 1024 }
        }
        return nil
    }
}
