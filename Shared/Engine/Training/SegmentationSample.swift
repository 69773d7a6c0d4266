/// One labelled scan: a greyscale image [height, width] (a volume: [depth, height, width]) in [0, 1] and its mask
/// of labels 0..<classes.
public struct SegmentationSample: Sendable {
    public var image: [Float]
    public var mask: [UInt8]
    public var height: Int
    public var width: Int
    /// Slices: 1 for an image or a volume's slice, the volume's depth for a 3-D network's sample.
    public var depth: Int
    /// The scan this sample was cut from when it shares it with others (a volume's slices), so that the
    /// train/validation split keeps them together; `nil` for a sample that is a whole scan.
    public var source: Int?

    public init(image: [Float], mask: [UInt8], height: Int, width: Int, depth: Int = 1,
                source: Int? = nil) throws(EngineError) {
        let count = depth * height * width
        guard height > 0, width > 0, depth > 0, image.count == count, mask.count == count else {
            throw .invalidInput("sample of \(depth)×\(height)×\(width) needs that many voxels; got \(image.count) image values and \(mask.count) mask values")
        }
        self.image = image
        self.mask = mask
        self.height = height
        self.width = width
        self.depth = depth
        self.source = source
    }

    /// Slice `z` as a sample of its own.
    func slice(_ z: Int) -> SegmentationSample {
        let plane = height * width, range = (z * plane)..<((z + 1) * plane)
        var slice = self
        slice.image = Array(image[range])
        slice.mask = Array(mask[range])
        slice.depth = 1
        return slice
    }
}

/// A batch ready for the network: images [N, 1, S, S] (3-D: [N, 1, P, S, S]) and label maps of the same shape as
/// floats.
public struct SegmentationBatch: Sendable {
    public var images: Tensor
    public var labels: Tensor
}
