/// How a volume (CT, MRI) becomes one embedding from its slices' embeddings. Two ways, chosen per project:
/// - the mean of its central slices (the default): 2-D foundation models have never seen the edge slices, which
///   are mostly air or partial anatomy, and a few central slices already carry the scan's anatomy and contrast;
/// - the mean and the element-wise maximum over every foreground slice, side by side: the whole anatomy counts,
///   so two volumes that differ away from their middle (a lesion at the apex, a cropped field of view) are told
///   apart, and empty slices of padding change nothing.
extension ScanEncoder {
    /// `volume` is [depth, height, width] row-major with intensities in [0, 1].
    public func embedVolume(_ volume: [Float], depth: Int, height: Int, width: Int,
                            centralSlices: Int = 5) throws(EncoderError) -> [Float] {
        guard depth > 0, height > 0, width > 0, volume.count == depth * height * width else {
            throw .invalidImage(index: 0, reason: "\(volume.count) voxels do not fill \(depth)×\(height)×\(width)")
        }
        guard centralSlices > 0 else { throw .invalidOption("centralSlices must be positive, got \(centralSlices)") }
        let slices = self.centralSlices(volume, depth: depth, height: height, width: width, count: centralSlices)
        return meanEmbedding(try embed(images: slices))
    }

    /// A volume's embedding from its slices' embeddings (re-normalised when the encoder normalises).
    public func meanEmbedding(_ embeddings: [[Float]]) -> [Float] {
        var mean = [Float](repeating: 0, count: outputDimension)
        for embedding in embeddings {
            for i in mean.indices { mean[i] += embedding[i] / Float(embeddings.count) }
        }
        return normalizesEmbeddings ? VectorMath.l2Normalized(mean) : mean
    }

    /// Mean and element-wise maximum of the slices' embeddings, concatenated (twice the encoder's dimension);
    /// each half and the whole are normalised when the encoder normalises, so neither half dominates.
    public func meanMaxEmbedding(_ embeddings: [[Float]]) -> [Float] {
        var maximum = embeddings.first ?? [Float](repeating: 0, count: outputDimension)
        for embedding in embeddings.dropFirst() {
            for i in maximum.indices { maximum[i] = max(maximum[i], embedding[i]) }
        }
        guard normalizesEmbeddings else { return meanEmbedding(embeddings) + maximum }
        return VectorMath.l2Normalized(meanEmbedding(embeddings) + VectorMath.l2Normalized(maximum))
    }

    /// The central slices of a [depth, height, width] volume as images (the image itself for 2-D).
    public func centralSlices(_ volume: [Float], depth: Int, height: Int, width: Int, count: Int) -> [GreyImage] {
        Self.slices(volume, Array(Self.centralSliceRange(depth: depth, count: count)), height: height, width: width)
    }

    /// The foreground slices of a volume as images, at most `limit` of them evenly spread (embedding every slice of
    /// a 600-slice CT with a ResNet would take minutes and say little more).
    public func foregroundSlices(_ volume: [Float], depth: Int, height: Int, width: Int, limit: Int = 64) -> [GreyImage] {
        let chosen = Self.foregroundSliceIndices(volume, depth: depth, plane: height * width)
        let spread = chosen.count <= limit ? chosen
            : (0..<limit).map { chosen[($0 * (chosen.count - 1)) / max(1, limit - 1)] }
        return Self.slices(volume, spread, height: height, width: width)
    }

    /// The `count` slices around the middle (all of them when the volume is thinner).
    public static func centralSliceRange(depth: Int, count: Int) -> Range<Int> {
        let used = min(depth, count)
        let start = (depth - used) / 2
        return start..<(start + used)
    }

    /// Slices whose share of voxels above the background level (0.1 on the [0, 1] scale) is at least a quarter
    /// of the fullest slice's: the body or organ, not the air or padding around it. Every slice when none has
    /// content.
    public static func foregroundSliceIndices(_ volume: [Float], depth: Int, plane: Int) -> [Int] {
        let content = (0..<depth).map { z in
            volume[(z * plane)..<((z + 1) * plane)].reduce(0) { $1 > 0.1 ? $0 + 1 : $0 }
        }
        let fullest = content.max() ?? 0
        guard fullest > 0 else { return Array(0..<depth) }
        return (0..<depth).filter { 4 * content[$0] >= fullest }
    }

    private static func slices(_ volume: [Float], _ indices: [Int], height: Int, width: Int) -> [GreyImage] {
        let plane = height * width
        return indices.map { z in GreyImage(pixels: Array(volume[(z * plane)..<((z + 1) * plane)]), height: height, width: width) }
    }
}
