import Catalog
import Engine
import Foundation
import TensorStore

/// The labelled pool as training samples: each X-ray is one sample, each volume one sample per slice, its
/// slices marked with the volume's position so that they train or validate together; for a 3-D network each
/// volume is one sample of its own depth.
public enum TrainingSamples {
    public static func load(_ labelled: [(scan: ScanRecord, label: LabelRecord)], specification: ModelSpecification,
                            store: TensorStore) throws -> [SegmentationSample] {
        var samples: [SegmentationSample] = []
        for (position, (scan, label)) in labelled.enumerated() {
            let image = try store.readImage(scan.tensorPath)
            let mask = try store.readMask(label.tensorPath)
            guard mask.shape == image.shape else {
                throw RoundsError.shapeMismatch(scan: scan.id.uuidString, image: image.shape, mask: mask.shape)
            }
            let classes = try specification.classes(of: mask.labels, scan: scan.id.uuidString)
            if specification.network.dimensions == 3 {
                samples.append(try SegmentationSample(image: image.values, mask: classes, height: image.height,
                                                      width: image.width, depth: image.depth))
                continue
            }
            for plane in 0..<image.depth {
                let range = (plane * image.planeSize)..<((plane + 1) * image.planeSize)
                samples.append(try SegmentationSample(image: image.plane(plane), mask: Array(classes[range]),
                                                      height: image.height, width: image.width,
                                                      source: image.depth > 1 ? position : nil))
            }
        }
        return samples
    }
}
