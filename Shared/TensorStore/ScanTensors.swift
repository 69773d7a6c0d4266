import SafeTensors

/// The layout every service agrees on for a scan's files: a float32 `image` in [0, 1] of shape [H, W] or
/// [D, H, W] on the working grid, and a uint8 `mask` of the same shape for its label.
public enum ScanTensorKey {
    public static let image = "image"
    public static let mask = "mask"
    /// Label on the scan's original grid, kept for millimetre metrics.
    public static let originalMask = "original_mask"
}

/// A scan on its working grid: one plane for an X-ray, `depth` planes for a volume, row-major.
public struct ScanImage: Sendable {
    public let depth: Int
    public let height: Int
    public let width: Int
    public let values: [Float]

    public init(depth: Int, height: Int, width: Int, values: [Float]) {
        self.depth = depth
        self.height = height
        self.width = width
        self.values = values
    }

    /// [H, W] for a 2-D scan, [D, H, W] for a volume: the shape its masks and probability maps share.
    public var shape: [Int] { depth == 1 ? [height, width] : [depth, height, width] }
    public var planeSize: Int { height * width }

    public func plane(_ index: Int) -> [Float] {
        Array(values[(index * planeSize)..<((index + 1) * planeSize)])
    }
}

public struct ScanMask: Sendable {
    public let shape: [Int]
    public let labels: [UInt8]
}

extension TensorStore {
    /// A scan image. A file whose `image` key is absent but that holds exactly one tensor is read through
    /// that tensor, so producers that name it differently still work.
    public func readImage(_ relative: String) throws(TensorStoreError) -> ScanImage {
        let (file, name) = try open(relative, key: ScanTensorKey.image)
        let shape = file.entries[name]?.shape ?? []
        guard let (depth, height, width) = Self.planes(of: shape) else {
            throw .corrupt(path: absolutePath(relative), reason: "image has shape \(shape); expected [H, W] or [D, H, W]")
        }
        do {
            return ScanImage(depth: depth, height: height, width: width, values: try file.floats(name))
        } catch {
            throw .corrupt(path: absolutePath(relative), reason: error.description)
        }
    }

    /// A label mask in the same layout as its image (a leading axis of 1 is a 2-D scan).
    public func readMask(_ relative: String, key: String = ScanTensorKey.mask) throws(TensorStoreError) -> ScanMask {
        let (file, name) = try open(relative, key: key)
        let shape = file.entries[name]?.shape ?? []
        guard Self.planes(of: shape) != nil else {
            throw .corrupt(path: absolutePath(relative), reason: "mask has shape \(shape); expected [H, W] or [D, H, W]")
        }
        let values: [Int]
        do { values = try file.ints(name) } catch { throw .corrupt(path: absolutePath(relative), reason: error.description) }
        if let bad = values.first(where: { !(0...255).contains($0) }) {
            throw .corrupt(path: absolutePath(relative), reason: "mask value \(bad) does not fit a label (0…255)")
        }
        let squeezed = shape.count == 3 && shape[0] == 1 ? Array(shape.dropFirst()) : shape
        return ScanMask(shape: squeezed, labels: values.map { UInt8($0) })
    }

    private func open(_ relative: String, key: String) throws(TensorStoreError) -> (SafeTensorsFile, String) {
        let file = try read(relative)
        if file.entries[key] != nil { return (file, key) }
        guard file.names.count == 1, let only = file.names.first else {
            throw .corrupt(path: absolutePath(relative), reason: "no tensor '\(key)' among \(file.names)")
        }
        return (file, only)
    }

    private static func planes(of shape: [Int]) -> (Int, Int, Int)? {
        guard shape.allSatisfy({ $0 > 0 }) else { return nil }
        switch shape.count {
        case 2: return (1, shape[0], shape[1])
        case 3: return (shape[0], shape[1], shape[2])
        default: return nil
        }
    }
}
