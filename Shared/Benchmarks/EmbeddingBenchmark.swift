import NumericSupport
import Dispatch
import Encoders
import Engine

/// Throughput of the ResNet-50 embedding forward pass (random weights, real shapes, 224×224), the number
/// `scanselect bench embed` reports next to Tests/EncodersReference/bench_torch_resnet50.py.
public enum EmbeddingBenchmark {
    /// Images per second over `images` images (rounded up to whole batches) after one warm-up batch.
    public static func resnet50(batch: Int, images: Int, side: Int = 224, seed: UInt64 = 1) -> Double {
        let network = ResNet(architecture: .resnet50, seed: seed)
        var generator = SeededRandom(seed: seed &+ 1)
        let input = Tensor(shape: [batch, 3, side, side], data: (0..<(batch * 3 * side * side)).map { _ in generator.nextNormal() })
        _ = network.features(input)
        let batches = max(1, (images + batch - 1) / batch)
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<batches { _ = network.features(input) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Double(batches * batch) / seconds
    }
}
