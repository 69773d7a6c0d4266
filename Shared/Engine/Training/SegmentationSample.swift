/// One labelled scan: a greyscale image [height, width] in [0, 1] and its mask of labels 0..<classes.
public struct SegmentationSample: Sendable {
    public var image: [Float]
    public var mask: [UInt8]
    public var height: Int
    public var width: Int
    /// The scan this sample was cut from when it shares it with others (a volume's slices), so that the
    /// train/validation split keeps them together; `nil` for a sample that is a whole scan.
    public var source: Int?

    public init(image: [Float], mask: [UInt8], height: Int, width: Int, source: Int? = nil) throws(EngineError) {
        guard height > 0, width > 0, image.count == height * width, mask.count == height * width else {
            throw .invalidInput("sample of \(height)×\(width) needs that many pixels; got \(image.count) image values and \(mask.count) mask values")
        }
        self.image = image
        self.mask = mask
        self.height = height
        self.width = width
        self.source = source
    }
}

/// A batch ready for the network: images [N, 1, S, S] and label maps [N, 1, S, S] as floats.
public struct SegmentationBatch: Sendable {
    public var images: Tensor
    public var labels: Tensor
}
