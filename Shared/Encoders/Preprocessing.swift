import Engine

/// Per-channel normalisation applied after the grey image is replicated to RGB.
public struct ChannelNormalization: Sendable, Equatable {
    public var mean: [Float]
    public var std: [Float]

    public init(mean: [Float], std: [Float]) {
        self.mean = mean
        self.std = std
    }

    /// What torchvision's and Hugging Face's ImageNet models (ResNet, DINOv2, RAD-DINO) were trained with.
    public static let imageNet = ChannelNormalization(mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])
}

/// Grey scans → network input. Resizing is bilinear with align_corners = false and no antialiasing, which
/// is torchvision `Resize` on tensors with `antialias=False` (and F.interpolate(mode="bilinear")). The grey
/// plane is resized once and then replicated, which equals resizing the three identical RGB planes.
public enum Preprocessing {
    /// [images.count, 3, size.height, size.width], normalised per channel.
    public static func batch(_ images: some Collection<GreyImage>, size: InputSize,
                             normalization: ChannelNormalization = .imageNet,
                             firstIndex: Int = 0) throws(EncoderError) -> Tensor {
        let plane = size.height * size.width
        var data = [Float](repeating: 0, count: images.count * 3 * plane)
        for (offset, image) in images.enumerated() {
            try image.validate(index: firstIndex + offset)
            let grey = Tensor(shape: [1, 1, image.height, image.width], data: image.pixels)
            let resized = image.height == size.height && image.width == size.width
                ? grey : Resize.bilinear(grey, height: size.height, width: size.width)
            for c in 0..<3 {
                let base = (offset * 3 + c) * plane
                let mean = normalization.mean[c], inverseStd = 1 / normalization.std[c]
                for i in 0..<plane { data[base + i] = (resized.data[i] - mean) * inverseStd }
            }
        }
        return Tensor(shape: [images.count, 3, size.height, size.width], data: data)
    }
}
