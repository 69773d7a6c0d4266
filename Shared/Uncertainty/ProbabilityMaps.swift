/// Where the class axis sits in categorical input.
public enum ClassLayout: Sendable {
    /// `[T, C, spatial…]`, as a network's output tensor.
    case channelsFirst
    /// `[T, spatial…, C]`: one softmax vector per pixel.
    case channelsLast
}

/// Per-pixel probabilities of one scan, from T ≥ 1 stochastic passes (T > 1 for MC dropout).
public struct ProbabilityMaps: Sendable {
    public let spatialShape: [Int]
    public let passes: Int
    /// 1 for binary maps (foreground probability per pixel), C ≥ 2 for categorical maps.
    public let classes: Int
    /// Always `[T, classes, spatial…]`, whatever the input layout, so every consumer reads whole class planes.
    let values: [Float]

    var pixelCount: Int { spatialShape.reduce(1, *) }
    var isBinary: Bool { classes == 1 }

    /// Foreground probabilities laid out `[T, spatial…]`.
    public static func binary(_ values: [Float], spatialShape: [Int], passes: Int = 1) throws -> ProbabilityMaps {
        try validate(spatialShape: spatialShape, passes: passes)
        let expected = passes * spatialShape.reduce(1, *)
        guard values.count == expected else {
            throw UncertaintyError.valueCountMismatch(expected: expected, actual: values.count,
                                                      layout: "[T=\(passes)] + \(spatialShape)")
        }
        return ProbabilityMaps(spatialShape: spatialShape, passes: passes, classes: 1, values: values)
    }

    public static func categorical(_ values: [Float], classes: Int, spatialShape: [Int], passes: Int = 1,
                                   layout: ClassLayout = .channelsFirst) throws -> ProbabilityMaps {
        try validate(spatialShape: spatialShape, passes: passes)
        guard classes >= 2 else { throw UncertaintyError.invalidClassCount(classes) }
        let pixels = spatialShape.reduce(1, *)
        let expected = passes * classes * pixels
        guard values.count == expected else {
            let axes = layout == .channelsFirst ? "[T=\(passes), C=\(classes)] + \(spatialShape)"
                : "[T=\(passes)] + \(spatialShape) + [C=\(classes)]"
            throw UncertaintyError.valueCountMismatch(expected: expected, actual: values.count, layout: axes)
        }
        guard layout == .channelsLast else {
            return ProbabilityMaps(spatialShape: spatialShape, passes: passes, classes: classes, values: values)
        }
        var planar = [Float](repeating: 0, count: expected)
        for pass in 0..<passes {
            let base = pass * classes * pixels
            for pixel in 0..<pixels {
                for c in 0..<classes {
                    planar[base + c * pixels + pixel] = values[base + pixel * classes + c]
                }
            }
        }
        return ProbabilityMaps(spatialShape: spatialShape, passes: passes, classes: classes, values: planar)
    }

    /// Slice `index` of a volume's maps, every pass and class kept; a plane's maps are returned as they are.
    public func plane(_ index: Int) throws -> ProbabilityMaps {
        guard spatialShape.count == 3 else { return self }
        guard (0..<spatialShape[0]).contains(index) else {
            throw UncertaintyError.sliceOutOfRange(index, depth: spatialShape[0])
        }
        let planeSize = spatialShape[1] * spatialShape[2]
        var out: [Float] = []
        out.reserveCapacity(passes * classes * planeSize)
        for block in 0..<(passes * classes) {
            let start = (block * spatialShape[0] + index) * planeSize
            out += values[start..<(start + planeSize)]
        }
        return ProbabilityMaps(spatialShape: Array(spatialShape.dropFirst()), passes: passes, classes: classes, values: out)
    }

    private static func validate(spatialShape: [Int], passes: Int) throws {
        guard spatialShape.count == 2 || spatialShape.count == 3, spatialShape.allSatisfy({ $0 > 0 }) else {
            throw UncertaintyError.unsupportedShape(spatialShape)
        }
        guard passes >= 1 else { throw UncertaintyError.invalidPassCount(passes) }
    }
}
