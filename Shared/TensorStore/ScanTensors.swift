import SafeTensors

/// The layout every service agrees on for a scan's files: a float32 `image` in [0, 1] of shape [H, W] or
/// [D, H, W] on the working grid, and a uint8 `mask` of the same shape for its label.
public enum ScanTensorKey {
    public static let image = "image"
    public static let mask = "mask"
    /// Label on the scan's original grid, kept for millimetre metrics.
    public static let originalMask = "original_mask"
}

public struct ScanImage: Sendable {
    public let shape: [Int]
    public let pixels: [Float]
    public var depth: Int { shape.count == 3 ? shape[0] : 1 }
    public var height: Int { shape[shape.count - 2] }
    public var width: Int { shape[shape.count - 1] }

    /// Slice `index` of a volume (the image itself for 2-D).
    public func slice(_ index: Int) -> [Float] {
        let size = height * width
        return Array(pixels[(index * size)..<((index + 1) * size)])
    }
}

public struct ScanMask: Sendable {
    public let shape: [Int]
    public let labels: [UInt8]
}

extension TensorStore {
    public func readImage(_ relative: String) throws(TensorStoreError) -> ScanImage {
        let file = try read(relative)
        do {
            let entry = try file.entry(ScanTensorKey.image)
            guard entry.shape.count == 2 || entry.shape.count == 3 else {
                throw TensorStoreError.corrupt(path: absolutePath(relative),
                                               reason: "image has shape \(entry.shape); expected [H, W] or [D, H, W]")
            }
            return ScanImage(shape: entry.shape, pixels: try file.floats(ScanTensorKey.image))
        } catch let error as SafeTensorsError {
            throw .corrupt(path: absolutePath(relative), reason: error.description)
        } catch let error as TensorStoreError {
            throw error
        } catch {
            throw .corrupt(path: absolutePath(relative), reason: "\(error)")
        }
    }

    public func readMask(_ relative: String, key: String = ScanTensorKey.mask) throws(TensorStoreError) -> ScanMask {
        let file = try read(relative)
        do {
            return ScanMask(shape: try file.entry(key).shape, labels: try file.uint8(key))
        } catch {
            throw .corrupt(path: absolutePath(relative), reason: error.description)
        }
    }
}
