/// Volumes (CT, MRI) are embedded as the mean of their central slices: 2-D foundation models have never
/// seen the edge slices, which are mostly air or partial anatomy, and a few central slices already carry
/// the scan's anatomy and contrast.
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

    /// The central slices of a [depth, height, width] volume as images (the image itself for 2-D).
    public func centralSlices(_ volume: [Float], depth: Int, height: Int, width: Int, count: Int) -> [GreyImage] {
        let plane = height * width
        return Self.centralSliceRange(depth: depth, count: count).map { z in
            GreyImage(pixels: Array(volume[(z * plane)..<((z + 1) * plane)]), height: height, width: width)
        }
    }

    /// The `count` slices around the middle (all of them when the volume is thinner).
    public static func centralSliceRange(depth: Int, count: Int) -> Range<Int> {
        let used = min(depth, count)
        let start = (depth - used) / 2
        return start..<(start + used)
    }
}
