import Engine

/// Hugging Face `Dinov2Model` (DINOv2, RAD-DINO) in evaluation mode: patch embedding, pre-norm transformer
/// blocks with layer scale, final layer norm. Immutable tensors only, so safe to share across tasks.
public struct DINOv2: FeatureNetwork {
    /// What the embedding is made of: the pooler output (class token after the final layer norm), or that
    /// concatenated with the mean patch token (as DINOv2's linear probes use).
    public enum Pooling: String, Sendable, Codable, CaseIterable {
        case cls
        case clsAndMeanPatch
    }

    public struct Output: Sendable {
        /// [B, 1 + patches, D] after the final layer norm.
        public var lastHiddenState: Tensor
        /// [B, D]: the class token of `lastHiddenState`.
        public var poolerOutput: Tensor
    }

    struct Block: Sendable {
        let norm1: (weight: Tensor, bias: Tensor), norm2: (weight: Tensor, bias: Tensor)
        /// query, key and value projections stacked into one [3D, D] matrix: one product instead of three.
        let qkv: (weight: Tensor, bias: Tensor)
        let output: (weight: Tensor, bias: Tensor)
        let fc1: (weight: Tensor, bias: Tensor), fc2: (weight: Tensor, bias: Tensor)
        let scale1: [Float], scale2: [Float]
    }

    public let configuration: DINOv2Configuration
    public let pooling: Pooling
    let patchWeight: Tensor, patchBias: Tensor
    let classToken: [Float]
    /// [1 + grid², D], class position first.
    let positions: [Float]
    let blocks: [Block]
    let finalNorm: (weight: Tensor, bias: Tensor)

    /// `embeddings.mask_token` is not read: it only replaces masked patches during self-supervised training.
    public init(weights: WeightsFile, configuration c: DINOv2Configuration, pooling: Pooling = .cls) throws(EncoderError) {
        configuration = c
        self.pooling = pooling
        let d = c.hiddenSize, grid = c.imageSize / c.patchSize
        patchWeight = try weights.tensor("embeddings.patch_embeddings.projection.weight", shape: [d, 3, c.patchSize, c.patchSize])
        patchBias = try weights.tensor("embeddings.patch_embeddings.projection.bias", shape: [d])
        classToken = try weights.tensor("embeddings.cls_token", shape: [1, 1, d]).data
        positions = try weights.tensor("embeddings.position_embeddings", shape: [1, grid * grid + 1, d]).data
        func affine(_ name: String, _ shape: [Int]) throws(EncoderError) -> (weight: Tensor, bias: Tensor) {
            (try weights.tensor(name + ".weight", shape: shape), try weights.tensor(name + ".bias", shape: [shape[0]]))
        }
        blocks = try (0..<c.layers).map { (i: Int) throws(EncoderError) -> Block in
            let p = "encoder.layer.\(i)."
            let projections = try ["query", "key", "value"].map { (name: String) throws(EncoderError) in
                try affine(p + "attention.attention." + name, [d, d])
            }
            return Block(
                norm1: try affine(p + "norm1", [d]), norm2: try affine(p + "norm2", [d]),
                qkv: (Tensor(shape: [3 * d, d], data: projections.flatMap(\.weight.data)),
                      Tensor(shape: [3 * d], data: projections.flatMap(\.bias.data))),
                output: try affine(p + "attention.output.dense", [d, d]),
                fc1: try affine(p + "mlp.fc1", [c.mlpHiddenSize, d]), fc2: try affine(p + "mlp.fc2", [d, c.mlpHiddenSize]),
                scale1: try weights.tensor(p + "layer_scale1.lambda1", shape: [d]).data,
                scale2: try weights.tensor(p + "layer_scale2.lambda1", shape: [d]).data)
        }
        finalNorm = try affine("layernorm", [d])
    }

    public var featureDimension: Int { pooling == .cls ? configuration.hiddenSize : 2 * configuration.hiddenSize }
    public var minimumInputSide: Int { configuration.patchSize }

    /// [B, 3, H, W] normalised input (H, W multiples of the patch size; a remainder is cropped, as the
    /// strided patch convolution does in PyTorch).
    public func forward(_ x: Tensor) -> Output {
        let c = configuration
        let patches = Convolution.forward(x, weight: patchWeight, bias: patchBias, stride: c.patchSize)
        let (_, _, rows, cols) = patches.nchw
        var h = TokenLayout.sequence(patches: patches, classToken: classToken, positions: positionEmbeddings(rows: rows, cols: cols))
        for block in blocks { h = apply(block, to: h) }
        let normed = GroupNormalization.layerNorm(h, weight: finalNorm.weight, bias: finalNorm.bias, epsilon: c.layerNormEpsilon)
        let batch = normed.shape[0], tokens = normed.shape[1], d = c.hiddenSize
        let pooled = (0..<batch).flatMap { b in normed.data[(b * tokens * d)..<(b * tokens * d + d)] }
        return Output(lastHiddenState: normed, poolerOutput: Tensor(shape: [batch, d], data: pooled))
    }

    public func features(_ x: Tensor) -> Tensor {
        let output = forward(x)
        guard pooling == .clsAndMeanPatch else { return output.poolerOutput }
        let hidden = output.lastHiddenState
        let batch = hidden.shape[0], tokens = hidden.shape[1], d = configuration.hiddenSize
        var out = [Float](repeating: 0, count: batch * 2 * d)
        for b in 0..<batch {
            for i in 0..<d { out[b * 2 * d + i] = output.poolerOutput.data[b * d + i] }
            for t in 1..<tokens {
                for i in 0..<d { out[b * 2 * d + d + i] += hidden.data[(b * tokens + t) * d + i] / Float(tokens - 1) }
            }
        }
        return Tensor(shape: [batch, 2 * d], data: out)
    }

    /// Trained positions when the patch grid matches the training grid, else bicubically resampled ones.
    func positionEmbeddings(rows: Int, cols: Int) -> [Float] {
        let d = configuration.hiddenSize, side = configuration.imageSize / configuration.patchSize
        guard rows != side || cols != side else { return positions }
        return Array(positions[0..<d]) + PositionEmbeddingInterpolation.bicubic(
            Array(positions[d...]), side: side, dim: d, rows: rows, cols: cols)
    }

    private func apply(_ block: Block, to x: Tensor) -> Tensor {
        let c = configuration
        let n1 = GroupNormalization.layerNorm(x, weight: block.norm1.weight, bias: block.norm1.bias, epsilon: c.layerNormEpsilon)
        let (q, k, v) = TokenLayout.splitHeads(MatrixProduct.linear(n1, weight: block.qkv.weight, bias: block.qkv.bias),
                                               heads: c.heads, queryScale: 1 / Float(c.hiddenSize / c.heads).squareRoot())
        let attention = Activations.softmax(MatrixProduct.matmul(q, k, transposeB: true))
        let context = TokenLayout.mergeHeads(MatrixProduct.matmul(attention, v))
        let attended = TokenLayout.addScaled(
            x, MatrixProduct.linear(context, weight: block.output.weight, bias: block.output.bias), scale: block.scale1)
        let n2 = GroupNormalization.layerNorm(attended, weight: block.norm2.weight, bias: block.norm2.bias,
                                              epsilon: c.layerNormEpsilon)
        let mlp = MatrixProduct.linear(Activations.gelu(MatrixProduct.linear(n2, weight: block.fc1.weight, bias: block.fc1.bias)),
                                       weight: block.fc2.weight, bias: block.fc2.bias)
        return TokenLayout.addScaled(attended, mlp, scale: block.scale2)
    }
}
