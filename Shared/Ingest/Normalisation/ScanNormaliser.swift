import Catalog
import Foundation
import Imaging
import SafeTensors
import TensorStore

/// A decoded image brought onto the project's working grid, ready to store and record.
public struct NormalisedScan: Sendable {
    /// [H, W] for a 2-D image, [D, H, W] for a volume (slices are kept, only the plane is resampled).
    public let workingShape: [Int]
    public let originalShape: [Int]
    /// Millimetres per working-grid voxel in the order of `workingShape`; nil when the file does not say.
    public let spacing: [Double]?
    public let geometry: GeometryRecord
    public let geometryJSON: String
    public let tensors: SafeTensorsWriter
}

enum ScanNormaliser {
    static func normalise(_ volume: ImageVolume, configuration: ProjectConfiguration,
                          source: String) throws(ImagingError) -> NormalisedScan {
        let settings = configuration.preprocessing
        let preprocessor = IngestPreprocessor(
            workingWidth: configuration.workingSize, workingHeight: configuration.workingSize,
            intensity: IntensityMethod(rawValue: settings.intensity.rawValue) ?? .auto,
            ctWindow: (Float(settings.ctWindow[0]), Float(settings.ctWindow[1])), targetSpacing: settings.spacing)
        try preprocessor.requireWithinBudget(volume, source: source)
        let (working, geometry) = preprocessor.prepare(volume)
        let workingShape = shape(depth: working.depth, height: working.height, width: working.width)
        let json = sortedJSON(geometry)
        var tensors = SafeTensorsWriter(metadata: ["geometry": json])
        tensors.add(ScanTensorKey.image, floats: working.pixels, shape: workingShape)
        return NormalisedScan(workingShape: workingShape,
                              originalShape: shape(depth: volume.depth, height: volume.height, width: volume.width),
                              spacing: working.spacing.map { spacing in
                                  working.depth > 1 ? [spacing.z, spacing.y, spacing.x] : [spacing.y, spacing.x]
                              },
                              geometry: geometry, geometryJSON: json, tensors: tensors)
    }

    static func shape(depth: Int, height: Int, width: Int) -> [Int] {
        depth > 1 ? [depth, height, width] : [height, width]
    }

    /// Geometry and DICOM references as the catalog keeps them.
    static func sortedJSON(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func geometry(fromJSON json: String) -> GeometryRecord? {
        try? JSONDecoder().decode(GeometryRecord.self, from: Data(json.utf8))
    }
}
