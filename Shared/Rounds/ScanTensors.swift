import SafeTensors
import TensorStore

/// A scan on its working grid: one plane for an X-ray, `depth` planes for a volume, row-major.
public struct ScanImage: Sendable {
    public let depth: Int
    public let height: Int
    public let width: Int
    public let values: [Float]

    /// [H, W] for a 2-D scan, [D, H, W] for a volume: the shape its masks and probability maps share.
    public var shape: [Int] { depth == 1 ? [height, width] : [depth, height, width] }
    public var planeSize: Int { height * width }

    public func plane(_ index: Int) -> [Float] {
        Array(values[(index * planeSize)..<((index + 1) * planeSize)])
    }
}

/// Reads scan images ("image", float) and label masks ("mask", uint8) from the store. A file whose expected
/// key is absent but that holds exactly one tensor is read through that tensor, so producers that name it
/// differently still work.
public enum ScanTensors {
    public static func image(at path: String, in store: TensorStore) throws(RoundsError) -> ScanImage {
        let (file, name) = try open(path, key: "image", in: store)
        let shape = file.entries[name]?.shape ?? []
        guard let (depth, height, width) = planes(of: shape) else { throw .unsupportedShape(path: path, shape: shape) }
        do {
            return ScanImage(depth: depth, height: height, width: width, values: try file.floats(name))
        } catch {
            throw .unreadableTensor(path: path, reason: error.description)
        }
    }

    /// The mask's values and shape, in the same layout as the image.
    public static func mask(at path: String, in store: TensorStore) throws(RoundsError) -> (shape: [Int], values: [UInt8]) {
        let (file, name) = try open(path, key: "mask", in: store)
        let shape = file.entries[name]?.shape ?? []
        guard planes(of: shape) != nil else { throw .unsupportedShape(path: path, shape: shape) }
        do {
            let values = try file.ints(name)
            guard let bad = values.first(where: { !(0...255).contains($0) }) else {
                return (squeezed(shape), values.map { UInt8($0) })
            }
            throw RoundsError.unreadableTensor(path: path, reason: "mask value \(bad) does not fit a label (0…255)")
        } catch let error as RoundsError {
            throw error
        } catch {
            throw .unreadableTensor(path: path, reason: "\(error)")
        }
    }

    private static func open(_ path: String, key: String, in store: TensorStore) throws(RoundsError) -> (SafeTensorsFile, String) {
        let file: SafeTensorsFile
        do { file = try store.read(path) } catch { throw .unreadableTensor(path: path, reason: error.description) }
        if file.entries[key] != nil { return (file, key) }
        guard file.names.count == 1, let only = file.names.first else {
            throw .unreadableTensor(path: path, reason: "no tensor '\(key)' among \(file.names)")
        }
        return (file, only)
    }

    /// A leading axis of 1 is a 2-D scan stored as a one-slice volume.
    private static func squeezed(_ shape: [Int]) -> [Int] {
        shape.count == 3 && shape[0] == 1 ? Array(shape.dropFirst()) : shape
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
