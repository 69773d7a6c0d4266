import Catalog
import Foundation
import Imaging
import Rounds
import TensorStore
import Uncertainty

/// One pick's files: the image and the model's prediction on the working grid, PNG for an image and NIfTI for a
/// volume (with the working grid's voxel sizes), so a mask the annotator saves back on the same grid imports as is.
struct WorklistFiles {
    let imageName: String
    let image: [UInt8]
    let preAnnotationName: String?
    let preAnnotation: [UInt8]?

    static func make(_ image: ScanImage, stem: String, scan: ScanRecord, predictor: SegmentationPredictor?) throws -> WorklistFiles {
        let grey = image.values.map { UInt8((min(max($0, 0), 1) * 255).rounded()) }
        let labels = try predictor.map { predictor in
            predictor.specification.labelValues(ofClasses: ScanUncertainty.predictedLabels(try predictor.predict(image).maps())
                .map { UInt8(clamping: $0) })
        }
        guard image.depth > 1 else {
            return WorklistFiles(imageName: stem + ".png", image: try PNGEncoder.encodeGrey8(grey, width: image.width, height: image.height),
                                 preAnnotationName: labels.map { _ in stem + ".pre.png" },
                                 preAnnotation: try labels.map { try PNGEncoder.encodeGrey8($0, width: image.width, height: image.height) })
        }
        let spacing = (try? JSONDecoder().decode(GeometryRecord.self, from: Data(scan.geometryJSON.utf8)))?.workingSpacing
        let affine = [spacing?.x ?? 1, 0, 0, 0, 0, spacing?.y ?? 1, 0, 0, 0, 0, spacing?.z ?? 1, 0, 0, 0, 0, 1]
        // The writer stores 8-bit voxels with scale 1: grey levels here, label values for the prediction.
        func nifti(_ values: [UInt8]) throws -> [UInt8] {
            try NIfTIWriter.labels(values, width: image.width, height: image.height, depth: image.depth, affine: affine, source: stem)
        }
        return WorklistFiles(imageName: stem + ".nii", image: try nifti(grey), preAnnotationName: labels.map { _ in stem + ".pre.nii" },
                             preAnnotation: try labels.map(nifti))
    }

    func write(into directory: String) throws {
        try Data(image).write(to: URL(fileURLWithPath: directory + "/" + imageName))
        if let preAnnotationName, let preAnnotation {
            try Data(preAnnotation).write(to: URL(fileURLWithPath: directory + "/" + preAnnotationName))
        }
    }

    static func csvField(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    static func readme(project: String, round: Int, labels: [Int], hasModel: Bool, volumes: Bool) -> String {
        let format = volumes ? "NIfTI (.nii)" : "PNG"
        return """
            ScanSelect worklist: project \(project), round \(round)

            picks.csv lists the scans to annotate, best first, with why each was picked. Each scan is
            NN-<scan id>.\(volumes ? "nii" : "png") (\(format), on the grid the model works on)\(hasModel ? ", with the model's prediction beside it as NN-<scan id>.pre.\(volumes ? "nii" : "png")" : "").

            For each scan:
              1. Open the image\(hasModel ? " and its .pre file as a label layer (3D Slicer, ITK-SNAP, GIMP...)" : " in your tool").
              2. \(hasModel ? "Correct the prediction" : "Draw the mask"): pixel values are label numbers, 0 background,
                 allowed labels \(labels.map(String.init).joined(separator: ", ")).
              3. Save it into labels/ under a name that starts with the scan's NN-<scan id>, e.g.
                 labels/NN-<scan id>.\(volumes ? "nii" : "png"), on the same grid (same size) as the image.

            Then run `scanselect worklist collect <this folder>`: every mask in labels/ becomes its scan's label
            (saved again later, it becomes a new version). When every pick has one, the next model trains.
            """
    }
}
