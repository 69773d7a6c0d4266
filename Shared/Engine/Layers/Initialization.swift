import NumericSupport
/// PyTorch's default initialisation for conv and linear layers (kaiming-uniform with a = √5, which reduces
/// to U(−1/√fan_in, 1/√fan_in) for weights and biases alike).
func uniformInit(shape: [Int], fanIn: Int, using generator: inout SeededRandom) -> Tensor {
    let bound = 1 / Float(max(1, fanIn)).squareRoot()
    var tensor = Tensor(zeros: shape)
    for i in 0..<tensor.count { tensor.data[i] = generator.uniform(-bound...bound) }
    return tensor
}
