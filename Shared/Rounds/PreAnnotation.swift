import Catalog
import Foundation
import Imaging
import TensorStore
import Uncertainty

/// A model's prediction for one scan, mapped back to the scan's original grid and written in the source's own
/// kind of file, for the annotator to correct instead of drawing from scratch: a DICOM SEG referencing the
/// source instances for DICOM scans, NIfTI with the source's affine for NIfTI scans, an 8-bit label PNG for other
/// 2-D files. Files are named by the scan's
/// pseudonymous id, never by anything from the source. The selector writes them for every round's picks into the
/// store (`PreAnnotationStore`); `scanselect predict` writes them on demand into a folder.
public struct PreAnnotation: Sendable {
    public enum Format: String, Sendable { case dicomSEG = "seg", nifti, png }

    public let scan: UUID
    public let format: Format
    /// `<scan id>.seg.dcm` or `<scan id>.png`.
    public let fileName: String
    public let bytes: [UInt8]
    /// The SEG's SOP Instance UID; nil for NIfTI and PNG.
    public var sopInstanceUID: String? = nil
    /// Source-grid pixels per label value (background excluded): what the annotator will see outlined.
    public let pixelsPerLabel: [Int: Int]

    /// Which model made it: the SEG's series (one per model version) and algorithm identification.
    public struct Model: Sendable {
        public let project: String
        public let round: Int
        public let modelID: Int64
        public let segSeriesUID: String
        public let created: Date

        public init(project: String, round: Int, modelID: Int64, segSeriesUID: String, created: Date = Date()) {
            (self.project, self.round, self.modelID, self.segSeriesUID, self.created) = (project, round, modelID, segSeriesUID, created)
        }
    }

    /// Predicts `scan` and encodes the prediction as its source's kind of file.
    public static func make(_ scan: ScanRecord, predictor: SegmentationPredictor, model: Model,
                            store: TensorStore) throws -> PreAnnotation {
        try make(scan, prediction: try predictor.predict(try store.readImage(scan.tensorPath)),
                 specification: predictor.specification, model: model)
    }

    static func make(_ scan: ScanRecord, prediction: Prediction, specification: ModelSpecification,
                     model: Model) throws -> PreAnnotation {
        let classes = ScanUncertainty.predictedLabels(try prediction.maps())
        let working = specification.labelValues(ofClasses: classes.map { UInt8(clamping: $0) })
        let geometry = try Self.geometry(of: scan)
        let original = geometry.labelsToOriginal(working)
        var counts: [Int: Int] = [:]
        for value in original where value != 0 { counts[Int(value), default: 0] += 1 }
        let name = scan.id.uuidString.lowercased()
        if let reference = try Self.dicomReference(of: scan, geometry: geometry) {
            let seg = try DICOMSegmentation(mask: original, reference: reference, segments: segments(specification),
                                            provenance: provenance(model))
            return PreAnnotation(scan: scan.id, format: .dicomSEG, fileName: name + ".seg.dcm", bytes: seg.bytes,
                                 sopInstanceUID: seg.sopInstanceUID, pixelsPerLabel: counts)
        }
        return try Self.file(original, of: scan, geometry: geometry, stem: name, counts: counts)
    }

    /// 8-bit values on the original grid as a non-DICOM scan's file: NIfTI with the source's affine when it has
    /// one, else (a plane) PNG.
    static func file(_ values: [UInt8], of scan: ScanRecord, geometry: GeometryRecord, stem: String,
                     counts: [Int: Int]) throws -> PreAnnotation {
        if let affine = geometry.originalAffine {
            let nifti = try NIfTIWriter.labels(values, width: geometry.originalWidth, height: geometry.originalHeight,
                                               depth: geometry.originalDepth, affine: affine, source: stem)
            return PreAnnotation(scan: scan.id, format: .nifti, fileName: stem + ".nii", bytes: nifti, pixelsPerLabel: counts)
        }
        guard geometry.depth == 1 else {
            throw RoundsError.preAnnotationUnavailable(scan: scan.id.uuidString, reason: "it is a volume without a known affine",
                                                       fix: "re-ingest it from a NIfTI or DICOM file that carries its geometry")
        }
        let png = try PNGEncoder.encodeGrey8(values, width: geometry.originalWidth, height: geometry.originalHeight)
        return PreAnnotation(scan: scan.id, format: .png, fileName: stem + ".png", bytes: png, pixelsPerLabel: counts)
    }

    static func geometry(of scan: ScanRecord) throws -> GeometryRecord {
        guard let geometry = try? JSONDecoder().decode(GeometryRecord.self, from: Data(scan.geometryJSON.utf8)) else {
            throw RoundsError.preAnnotationUnavailable(scan: scan.id.uuidString, reason: "its geometry record is unreadable",
                                                       fix: "re-ingest the scan")
        }
        return geometry
    }

    /// The scan's DICOM reference, checked against its geometry; nil for a scan that did not come from DICOM.
    static func dicomReference(of scan: ScanRecord, geometry: GeometryRecord) throws -> DICOMSourceReference? {
        guard let json = scan.dicomReferenceJSON else { return nil }
        let reference = try JSONDecoder().decode(DICOMSourceReference.self, from: Data(json.utf8))
        guard reference.rows == geometry.originalHeight, reference.columns == geometry.originalWidth,
              reference.slices.count == geometry.originalDepth else {
            throw RoundsError.preAnnotationUnavailable(
                scan: scan.id.uuidString,
                reason: "its DICOM reference (\(reference.slices.count)×\(reference.rows)×\(reference.columns)) "
                    + "does not match its geometry (\(geometry.originalDepth)×\(geometry.originalHeight)×\(geometry.originalWidth))",
                fix: "re-ingest the series")
        }
        return reference
    }

    /// One segment per foreground label, named `label N` so that the SEG reads back as the same labels.
    static func segments(_ specification: ModelSpecification) -> [DICOMSegmentation.Segment] {
        specification.classLabels.dropFirst().enumerated().map { index, value in
            DICOMSegmentation.Segment(number: index + 1, labelValue: UInt8(clamping: value), label: "label \(value)")
        }
    }

    static func provenance(_ model: Model) -> DICOMSegmentation.Provenance {
        DICOMSegmentation.Provenance(
            seriesInstanceUID: model.segSeriesUID, seriesNumber: 9000 + model.round,
            seriesDescription: "ScanSelect pre-annotation, \(model.project) round \(model.round)",
            algorithmName: "ScanSelect U-Net", algorithmVersion: "\(model.project) round \(model.round) model \(model.modelID)",
            created: model.created)
    }

    /// One line for logs and the CLI: the labels' pixel counts, or that nothing was predicted.
    public var summary: String {
        let labelled = pixelsPerLabel.sorted { $0.key < $1.key }.map { "label \($0.key): \($0.value) px" }
        return labelled.isEmpty ? "nothing predicted" : labelled.joined(separator: ", ")
    }
}
