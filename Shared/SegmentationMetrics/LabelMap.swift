/// A 2-D `[H, W]` or 3-D `[D, H, W]` map of `UInt8` class labels, row-major (last axis fastest).
public struct LabelMap: Sendable, Equatable {
    public let shape: [Int]
    public let labels: [UInt8]

    public init(shape: [Int], labels: [UInt8]) throws {
        try Self.validate(shape: shape)
        guard labels.count == shape.reduce(1, *) else {
            throw MetricsError.labelCountMismatch(shape: shape, count: labels.count)
        }
        self.shape = shape
        self.labels = labels
    }

    /// Builds a binary map from flat row-major foreground indices (the reference fixtures' encoding).
    public init(shape: [Int], foreground: [Int], label: UInt8 = 1) throws {
        try Self.validate(shape: shape)
        let count = shape.reduce(1, *)
        var labels = [UInt8](repeating: 0, count: count)
        for index in foreground {
            guard index >= 0, index < count else {
                throw MetricsError.foregroundIndexOutOfRange(index: index, voxelCount: count)
            }
            labels[index] = label
        }
        self.shape = shape
        self.labels = labels
    }

    static func validate(shape: [Int]) throws {
        guard shape.count == 2 || shape.count == 3, shape.allSatisfy({ $0 > 0 }) else {
            throw MetricsError.unsupportedShape(shape)
        }
    }
}
