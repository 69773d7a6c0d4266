import NumericSupport
import SafeTensors

/// Adam and AdamW exactly as torch.optim implements them (bias-corrected moments, ε added after the
/// square root). `decoupledWeightDecay` selects AdamW (θ ← θ·(1 − lr·λ) before the update); otherwise
/// the decay is Adam's L2 term added to the gradient.
public final class Adam {
    public struct Hyperparameters: Sendable, Equatable, Codable {
        public var learningRate: Float
        public var beta1: Float
        public var beta2: Float
        public var epsilon: Float
        public var weightDecay: Float
        public var decoupledWeightDecay: Bool

        public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                    weightDecay: Float = 0, decoupledWeightDecay: Bool = false) {
            self.learningRate = learningRate
            self.beta1 = beta1
            self.beta2 = beta2
            self.epsilon = epsilon
            self.weightDecay = weightDecay
            self.decoupledWeightDecay = decoupledWeightDecay
        }

        /// PyTorch's AdamW defaults (weight decay 0.01).
        public static func adamW(learningRate: Float = 1e-3, weightDecay: Float = 0.01) -> Hyperparameters {
            Hyperparameters(learningRate: learningRate, weightDecay: weightDecay, decoupledWeightDecay: true)
        }
    }

    public var hyperparameters: Hyperparameters
    /// Steps taken so far (PyTorch's per-parameter `step`, shared because all parameters step together).
    public private(set) var stepCount = 0
    private let parameters: [(name: String, parameter: Parameter)]
    private var firstMoments: [[Float]]
    private var secondMoments: [[Float]]

    /// Optimises the trainable entries of `layer`'s state; their names key the saved optimiser state.
    public convenience init(layer: any Layer, _ hyperparameters: Hyperparameters) {
        self.init(parameters: layer.state().filter { $0.kind == .parameter }.map { ($0.name, $0.tensor) }, hyperparameters)
    }

    public init(parameters: [(name: String, parameter: Parameter)], _ hyperparameters: Hyperparameters) {
        self.parameters = parameters
        self.hyperparameters = hyperparameters
        firstMoments = parameters.map { [Float](repeating: 0, count: $0.parameter.value.count) }
        secondMoments = firstMoments
    }

    public func zeroGrad() {
        for (_, parameter) in parameters { parameter.zeroGrad() }
    }

    public func step() {
        stepCount += 1
        let h = hyperparameters
        let stepSize = h.learningRate / (1 - pow(h.beta1, Float(stepCount)))
        let correction2 = (1 - pow(h.beta2, Float(stepCount))).squareRoot()
        let decay = h.decoupledWeightDecay ? 1 - h.learningRate * h.weightDecay : 1
        let l2 = h.decoupledWeightDecay ? 0 : h.weightDecay
        for (index, (_, parameter)) in parameters.enumerated() {
            parameter.value.data.withUnsafeMutableBufferPointer { p in
                parameter.grad.data.withUnsafeBufferPointer { g in
                    firstMoments[index].withUnsafeMutableBufferPointer { m in
                        secondMoments[index].withUnsafeMutableBufferPointer { v in
                            parallelRanges(p.count, minimumPerTask: 65_536) { range in
                                for i in range {
                                    let gradient = g[i] + l2 * p[i]
                                    p[i] *= decay
                                    m[i] += (1 - h.beta1) * (gradient - m[i])
                                    v[i] = h.beta2 * v[i] + (1 - h.beta2) * gradient * gradient
                                    p[i] -= stepSize * m[i] / (v[i].squareRoot() / correction2 + h.epsilon)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Moments under "adam.m.<name>"/"adam.v.<name>" and the step count in metadata "adam.step".
    public func addState(to writer: inout SafeTensorsWriter) {
        for (index, (name, parameter)) in parameters.enumerated() {
            writer.add("adam.m." + name, floats: firstMoments[index], shape: parameter.value.shape)
            writer.add("adam.v." + name, floats: secondMoments[index], shape: parameter.value.shape)
        }
        writer.metadata["adam.step"] = String(stepCount)
    }

    public func loadState(from file: SafeTensorsFile) throws(EngineError) {
        guard let steps = file.metadata["adam.step"].flatMap(Int.init) else {
            throw .invalidCheckpoint(file: file.source, reason: "no optimiser step count (metadata adam.step)")
        }
        for (index, (name, parameter)) in parameters.enumerated() {
            for (prefix, isFirst) in [("adam.m.", true), ("adam.v.", false)] {
                guard let entry = file.entries[prefix + name] else {
                    throw .missingParameter(name: prefix + name, file: file.source)
                }
                guard entry.shape == parameter.value.shape else {
                    throw .shapeMismatch(name: prefix + name, file: file.source, expected: parameter.value.shape, found: entry.shape)
                }
                let values: [Float]
                do { values = try file.floats(prefix + name) } catch { throw .invalidCheckpoint(file: file.source, reason: error.description) }
                if isFirst { firstMoments[index] = values } else { secondMoments[index] = values }
            }
        }
        stepCount = steps
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
