import NumericSupport
import Engine

/// A convolution followed by an inference-mode BatchNorm2d, folded into one convolution with bias:
/// w' = w·γ/√(σ²+ε), b' = β − μ·γ/√(σ²+ε). Saves a full pass over every activation map.
struct FoldedConvolution: Sendable {
    let weight: Tensor
    let bias: Tensor
    let stride: Int
    let padding: Int

    /// Loads `conv.weight` and the BatchNorm2d `norm` (weight, bias, running_mean, running_var).
    init(_ weights: WeightsFile, conv: String, norm: String, shape: [Int], stride: Int = 1, padding: Int = 0,
         epsilon: Float = 1e-5) throws(EncoderError) {
        let raw = try weights.tensor(conv + ".weight", shape: shape)
        let channels = [shape[0]]
        let gamma = try weights.tensor(norm + ".weight", shape: channels)
        let beta = try weights.tensor(norm + ".bias", shape: channels)
        let mean = try weights.tensor(norm + ".running_mean", shape: channels)
        let variance = try weights.tensor(norm + ".running_var", shape: channels)
        let perFilter = raw.count / shape[0]
        var folded = raw.data, shift = [Float](repeating: 0, count: shape[0])
        for o in 0..<shape[0] {
            let scale = gamma.data[o] / (variance.data[o] + epsilon).squareRoot()
            for i in (o * perFilter)..<((o + 1) * perFilter) { folded[i] *= scale }
            shift[o] = beta.data[o] - mean.data[o] * scale
        }
        self.init(weight: Tensor(shape: shape, data: folded), bias: Tensor(shape: channels, data: shift),
                  stride: stride, padding: padding)
    }

    /// He-normal random filters and zero bias (benchmarks need real shapes, not trained values).
    init(random shape: [Int], stride: Int = 1, padding: Int = 0, generator: inout SeededRandom) {
        let fanIn = Float(shape.dropFirst().reduce(1, *))
        let std = (2 / fanIn).squareRoot()
        let data = (0..<shape.reduce(1, *)).map { _ in generator.nextNormal() * std }
        self.init(weight: Tensor(shape: shape, data: data), bias: Tensor(zeros: [shape[0]]), stride: stride,
                  padding: padding)
    }

    init(weight: Tensor, bias: Tensor, stride: Int, padding: Int) {
        self.weight = weight
        self.bias = bias
        self.stride = stride
        self.padding = padding
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        Convolution.forward(x, weight: weight, bias: bias, stride: stride, padding: padding)
    }
}
