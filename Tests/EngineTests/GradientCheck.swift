import NumericSupport
import Engine
import XCTest

/// Central finite differences against a layer's hand-written backward. The scalar is L = Σ wᵢ·yᵢ with fixed
/// random weights w, accumulated in double.
///
/// `.entries` perturbs a sample of single entries of the input and of each parameter. `.directional`
/// perturbs a whole tensor along a random direction v and compares with ⟨∇, v⟩: for deep models the
/// signal then dwarfs float32 rounding, which single entries cannot achieve.
struct GradientCheck {
    enum Probe { case entries(samples: Int), directional(directions: Int) }

    var epsilon: Float = 1e-2
    var tolerance: Float = 1e-2
    var probe = Probe.entries(samples: 24)
    /// Errors are relative to max(the tensor's derivative scale, this fraction of the largest scale of any
    /// tensor): a parameter with an exactly zero gradient (a conv bias in front of a norm) then only fails
    /// through noise that matters at the model's scale.
    var floorFraction: Float = 0

    func check(_ layer: any Layer, input: Tensor, mode: ForwardMode = .train, beforeForward: () -> Void = {},
               file: StaticString = #filePath, line: UInt = #line) {
        beforeForward()
        let output = layer.forward(input, mode: mode)
        var generator = SeededRandom(seed: 7)
        let weights = (0..<output.count).map { _ in generator.nextNormal() }
        layer.zeroGrad()
        let gradInput = layer.backward(Tensor(shape: output.shape, data: weights))

        func loss(_ x: Tensor) -> Double {
            beforeForward()
            let y = layer.forward(x, mode: mode)
            return zip(y.data, weights).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        var perturbed = input
        var results = [(name: String, probe: (difference: Float, scale: Float))]()
        results.append(("input", probeTensor(analytic: gradInput.data, generator: &generator) { delta in
            let original = perturbed.data
            for (i, d) in delta { perturbed.data[i] += d }
            defer { perturbed.data = original }
            return loss(perturbed)
        }))
        for entry in layer.state() where entry.kind == .parameter {
            let parameter = entry.tensor
            results.append((entry.name, probeTensor(analytic: parameter.grad.data, generator: &generator) { delta in
                let original = parameter.value.data
                for (i, d) in delta { parameter.value.data[i] += d }
                defer { parameter.value.data = original }
                return loss(input)
            }))
        }
        let floor = max(1e-6, floorFraction * results.map(\.probe.scale).max()!)
        for result in results {
            XCTAssertLessThan(result.probe.difference / max(result.probe.scale, floor), tolerance,
                              "gradient of \(result.name) in \(type(of: layer))", file: file, line: line)
        }
    }

    /// Largest |analytic − numeric| over the probes and the largest |numeric|; `evaluate` gets the
    /// perturbation as (index, delta) pairs.
    private func probeTensor(analytic: [Float], generator: inout SeededRandom,
                             evaluate: ([(Int, Float)]) -> Double) -> (difference: Float, scale: Float) {
        var difference: Float = 0, scale: Float = 0
        func record(numeric: Double, expected: Double) {
            difference = max(difference, Float(abs(numeric - expected)))
            scale = max(scale, Float(abs(numeric)))
        }
        switch probe {
        case let .entries(samples):
            let indices = analytic.count <= samples
                ? Array(0..<analytic.count) : (0..<samples).map { _ in Int(generator.next() % UInt64(analytic.count)) }
            for index in indices {
                let numeric = (evaluate([(index, epsilon)]) - evaluate([(index, -epsilon)])) / (2 * Double(epsilon))
                record(numeric: numeric, expected: Double(analytic[index]))
            }
        case let .directional(directions):
            for _ in 0..<directions {
                let direction = analytic.indices.map { ($0, generator.nextNormal()) }
                let plus = evaluate(direction.map { ($0.0, $0.1 * epsilon) })
                let minus = evaluate(direction.map { ($0.0, -$0.1 * epsilon) })
                let expected = direction.reduce(0.0) { $0 + Double($1.1) * Double(analytic[$1.0]) }
                record(numeric: (plus - minus) / (2 * Double(epsilon)), expected: expected)
            }
        }
        return (difference, scale)
    }
}

func randomTensor(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    var generator = SeededRandom(seed: seed)
    let count = shape.reduce(1, *)
    return Tensor(shape: shape, data: (0..<count).map { _ in generator.nextNormal() * scale })
}
