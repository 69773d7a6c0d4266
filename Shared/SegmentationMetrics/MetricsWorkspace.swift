/// Scores prediction/truth label maps with reusable scratch memory. Not thread-safe: give each thread its own
/// workspace (the batch API does).
public final class MetricsWorkspace {
    private let padded = ScratchBuffer<UInt8>()
    private let surface = ScratchBuffer<UInt8>()
    private let rowFlags = ScratchBuffer<UInt8>()
    private let squaredDistances = ScratchBuffer<Double>()
    private let column = ScratchBuffer<Double>()
    private let vertices = ScratchBuffer<Int32>()
    private let boundaries = ScratchBuffer<Double>()
    private let predictionToTruth = ScratchBuffer<Double>()
    private let truthToPrediction = ScratchBuffer<Double>()

    public init() {}

    /// Metrics for each of `labels`, in that order. A label absent from both maps scores as "both empty".
    public func evaluate(prediction: LabelMap, truth: LabelMap, spacing: Spacing,
                         labels: [UInt8]) throws -> [ClassMetrics] {
        let grid = try VoxelGrid(prediction: prediction, truth: truth, spacing: spacing)
        return evaluate(prediction: prediction, truth: truth, grid: grid, labels: labels)
    }

    public func evaluate(prediction: LabelMap, truth: LabelMap, spacing: Spacing,
                         label: UInt8) throws -> ClassMetrics {
        try evaluate(prediction: prediction, truth: truth, spacing: spacing, labels: [label])[0]
    }

    /// Inputs already validated into `grid`.
    func evaluate(prediction: LabelMap, truth: LabelMap, grid: VoxelGrid, labels: [UInt8]) -> [ClassMetrics] {
        prediction.labels.withUnsafeBufferPointer { p in
            truth.labels.withUnsafeBufferPointer { t in
                // LabelMap rejects empty shapes, so both base addresses exist.
                guard let p = p.baseAddress, let t = t.baseAddress else { return [] }
                return labels.map { score(prediction: p, truth: t, grid: grid, label: $0) }
            }
        }
    }

    private func score(prediction: UnsafePointer<UInt8>, truth: UnsafePointer<UInt8>, grid: VoxelGrid,
                       label: UInt8) -> ClassMetrics {
        let counts = OverlapScan.count(prediction: prediction, truth: truth, grid: grid, label: label)
        let union = counts.prediction + counts.truth - counts.intersection
        let dice = Dice.coefficient(intersection: counts.intersection, prediction: counts.prediction, truth: counts.truth)
        let iou = union == 0 ? 1 : Double(counts.intersection) / Double(union)
        func result(_ distances: (hd: Double, hd95: Double, assd: Double)?) -> ClassMetrics {
            ClassMetrics(label: label, predictionVoxels: counts.prediction, truthVoxels: counts.truth,
                         dice: dice, iou: iou, hausdorff: distances?.hd, hausdorff95: distances?.hd95,
                         averageSurfaceDistance: distances?.assd, unit: grid.unit)
        }
        guard let box = counts.box else { return result((0, 0, 0)) }
        guard counts.prediction > 0, counts.truth > 0 else { return result(nil) }

        let zPadding = grid.isVolume ? 2 : 0
        SurfaceExtraction.extract(
            prediction: prediction, truth: truth, label: label, grid: grid, box: box,
            padded: padded.reserve((box.depth + zPadding) * (box.height + 2) * (box.width + 2)),
            surface: surface.reserve(box.voxelCount), rowFlags: rowFlags.reserve(box.depth * box.height))
        var forward = DirectedDistances(storage: predictionToTruth.reserve(box.voxelCount))
        var backward = DirectedDistances(storage: truthToPrediction.reserve(box.voxelCount))
        measure(from: MaskBit.prediction, to: MaskBit.truth, grid: grid, box: box, into: &forward)
        measure(from: MaskBit.truth, to: MaskBit.prediction, grid: grid, box: box, into: &backward)
        return result((
            hd: max(forward.maximum, backward.maximum),
            hd95: max(forward.percentile95(), backward.percentile95()),
            assd: (forward.sum + backward.sum) / Double(forward.count + backward.count)))
    }

    /// Distances from each `queryBit` surface voxel to the nearest `featureBit` surface voxel: the EDT of the
    /// feature surface, sampled at the query surface.
    private func measure(from queryBit: UInt8, to featureBit: UInt8, grid: VoxelGrid, box: VoxelBox,
                         into distances: inout DirectedDistances) {
        let g = squaredDistances.reserve(box.voxelCount)
        let flags = surface.pointer
        let longest = max(box.depth, box.height, box.width)
        let v = vertices.reserve(longest)
        let z = boundaries.reserve(longest + 1)
        if grid.isVolume {
            SquaredEDT.firstAxis(surface: flags, feature: featureBit, output: g, positions: box.depth,
                                 sliceSize: box.height * box.width, spacing: grid.spacingZ)
            let f = column.reserve(box.height)
            for plane in 0..<box.depth {
                for x in 0..<box.width {
                    let start = g + plane * box.height * box.width + x
                    for y in 0..<box.height { f[y] = start[y * box.width] }
                    let size = SquaredEDT.lowerEnvelope(f, count: box.height, spacing: grid.spacingY,
                                                        vertices: v, boundaries: z)
                    SquaredEDT.evaluate(envelopeSize: size, f, count: box.height, spacing: grid.spacingY,
                                        vertices: v, boundaries: z, output: start, stride: box.width)
                }
            }
        } else {
            SquaredEDT.firstAxis(surface: flags, feature: featureBit, output: g, positions: box.height,
                                 sliceSize: box.width, spacing: grid.spacingY)
        }
        // Every box row now holds a finite value: the feature surface is non-empty and the box is a product of
        // intervals, so each earlier pass spread finite values across its whole axis.
        let rows = rowFlags.pointer
        for row in 0..<(box.depth * box.height) where rows[row] & queryBit != 0 {
            let f = g + row * box.width
            let size = SquaredEDT.lowerEnvelope(f, count: box.width, spacing: grid.spacingX,
                                                vertices: v, boundaries: z)
            SquaredEDT.sample(envelopeSize: size, f, count: box.width, spacing: grid.spacingX, vertices: v,
                              boundaries: z, flags: flags + row * box.width, queryBit: queryBit,
                              into: &distances)
        }
    }
}
