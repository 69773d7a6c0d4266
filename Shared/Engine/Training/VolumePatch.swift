import NumericSupport

/// Training patches of a 3-D network: `patchDepth` consecutive slices of a volume, each slice letterboxed into
/// side × side under one augmentation transform drawn per patch, so that the patch stays one rigid piece of
/// anatomy. A third of the patches are centred on a slice holding foreground, as nnU-Net oversamples it: a small
/// structure in a long volume would otherwise be missing from most patches. Volumes shorter than the patch are
/// padded with background slices.
public enum VolumePatch {
    static let foregroundShare: Float = 1.0 / 3

    /// The patch's first slice: in [0, depth − patchDepth], or 0 when the volume is not longer than the patch.
    static func start(of sample: SegmentationSample, patchDepth: Int, generator: inout SeededRandom) -> Int {
        let room = sample.depth - patchDepth
        guard room > 0 else { return 0 }
        if generator.uniform(0...1) < foregroundShare {
            let plane = sample.height * sample.width
            let labelled = (0..<sample.depth).filter { z in sample.mask[(z * plane)..<((z + 1) * plane)].contains { $0 != 0 } }
            if let z = labelled.randomElement(using: &generator) { return min(max(z - patchDepth / 2, 0), room) }
        }
        return Int(generator.next() % UInt64(room + 1))
    }

    /// One patch per sample, stacked into [N, 1, patchDepth, side, side]; each sample draws from its own
    /// sub-stream of `generator`, so the batch does not depend on which thread prepares it.
    public static func batch(_ samples: [SegmentationSample], patchDepth: Int, side: Int, augmentation: Augmentation,
                             generator: SeededRandom) -> SegmentationBatch {
        let plane = side * side
        var images = [Float](), labels = [Float]()
        images.reserveCapacity(samples.count * patchDepth * plane)
        labels.reserveCapacity(samples.count * patchDepth * plane)
        for (index, sample) in samples.enumerated() {
            var stream = generator.derived(UInt64(index))
            let first = start(of: sample, patchDepth: patchDepth, generator: &stream)
            for z in first..<(first + patchDepth) {
                guard z < sample.depth else {
                    images += [Float](repeating: 0, count: plane)
                    labels += [Float](repeating: 0, count: plane)
                    continue
                }
                // Every slice starts from the same generator state: the same transform for the whole patch.
                var transform = stream
                let (image, mask) = augmentation.apply(to: sample.slice(z), side: side, generator: &transform)
                images += image
                labels += mask.map(Float.init)
            }
        }
        let shape = [samples.count, 1, patchDepth, side, side]
        return SegmentationBatch(images: Tensor(shape: shape, data: images), labels: Tensor(shape: shape, data: labels))
    }

    /// A whole volume letterboxed slice by slice without augmentation, as [1, 1, depth, side, side] images and
    /// labels: what validation and inference run on.
    static func whole(_ sample: SegmentationSample, side: Int) -> SegmentationBatch {
        var images = [Float](), labels = [Float]()
        for z in 0..<sample.depth {
            var generator = SeededRandom(seed: 0)
            let (image, mask) = Augmentation.none.apply(to: sample.slice(z), side: side, generator: &generator)
            images += image
            labels += mask.map(Float.init)
        }
        let shape = [1, 1, sample.depth, side, side]
        return SegmentationBatch(images: Tensor(shape: shape, data: images), labels: Tensor(shape: shape, data: labels))
    }
}
