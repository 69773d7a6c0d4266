/// The unit every surface distance of a result is expressed in.
public enum DistanceUnit: String, Sendable, Codable {
    case millimetre = "mm"
    /// Spacing unknown (e.g. journal X-rays): distances are in pixels of the working grid.
    case pixel = "px"
}

/// Physical size of one voxel along each axis, in the same axis order as the label map's shape.
public struct Spacing: Sendable, Equatable, Codable {
    public let values: [Double]
    public let unit: DistanceUnit

    public static func millimetres(_ values: [Double]) throws -> Spacing {
        guard !values.isEmpty, values.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw MetricsError.invalidSpacing(values)
        }
        return Spacing(values: values, unit: .millimetre)
    }

    /// Unit spacing for grids whose physical size is unknown; results are flagged as pixels.
    public static func pixels(axes: Int) -> Spacing {
        Spacing(values: Array(repeating: 1, count: axes), unit: .pixel)
    }

    private init(values: [Double], unit: DistanceUnit) {
        self.values = values
        self.unit = unit
    }
}
