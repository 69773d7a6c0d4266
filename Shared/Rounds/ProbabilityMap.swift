import Catalog
import Foundation
import Imaging
import TensorStore

extension PreAnnotation {
    /// The model's probabilities instead of its labels, mapped to the original grid by bilinear interpolation: a
    /// FRACTIONAL (PROBABILITY) SEG with one segment per foreground label for DICOM scans, else the foreground
    /// probability (1 − background) in 8 bits (0–255) as NIfTI (`<scan>.prob.nii`) or PNG (`<scan>.prob.png`).
    /// For viewers that show confidence, and tools that threshold it themselves.
    public static func probabilities(_ scan: ScanRecord, predictor: SegmentationPredictor, model: Model,
                                     store: TensorStore) throws -> PreAnnotation {
        try probabilities(scan, prediction: try predictor.predict(try store.readImage(scan.tensorPath)),
                          specification: predictor.specification, model: model)
    }

    static func probabilities(_ scan: ScanRecord, prediction: Prediction, specification: ModelSpecification,
                              model: Model) throws -> PreAnnotation {
        let geometry = try Self.geometry(of: scan)
        let mean = prediction.meanProbabilities()
        let planeCount = prediction.pixelCount
        // Binary models output the foreground probability; categorical ones a softmax over every class.
        let foreground: [[Float]] = prediction.channels == 1
            ? [mean]
            : (1..<prediction.channels).map { Array(mean[($0 * planeCount)..<(($0 + 1) * planeCount)]) }
        let original = foreground.map(geometry.valuesToOriginal)
        let name = scan.id.uuidString.lowercased()
        var counts: [Int: Int] = [:]
        for (map, segment) in zip(original, segments(specification)) {
            counts[Int(segment.labelValue)] = map.filter { $0 >= 0.5 }.count
        }
        if let reference = try Self.dicomReference(of: scan, geometry: geometry) {
            let seg = try DICOMSegmentation(probabilities: original, reference: reference, segments: segments(specification),
                                            provenance: provenance(model))
            return PreAnnotation(scan: scan.id, format: .dicomSEG, fileName: name + ".prob.seg.dcm", bytes: seg.bytes,
                                 sopInstanceUID: seg.sopInstanceUID, pixelsPerLabel: counts)
        }
        let bytes = (0..<(original.first?.count ?? 0)).map { index in
            UInt8((min(max(original.reduce(0) { $0 + $1[index] }, 0), 1) * 255).rounded())
        }
        return try Self.file(bytes, of: scan, geometry: geometry, stem: name + ".prob", counts: counts)
    }
}
