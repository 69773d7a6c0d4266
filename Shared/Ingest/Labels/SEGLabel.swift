import Catalog
import Foundation
import Imaging

/// A DICOM SEG as a label mask on its scan's original grid. Frames land on the scan's slices by the source
/// instance (and frame) their Derivation Image names, else by plane position; slices no frame covers stay
/// background (sparse SEGs); each segment becomes a project label: the one the project's `segmentLabels` names
/// for its label, else `label N` or `N` as its label (what ScanSelect's own SEGs carry), else its segment number.
enum SEGLabel {
    static func volume(_ content: DICOMSegmentationContent, scan: ScanRecord, allowed: [Int],
                       mapping: [String: Int] = [:], name: String) throws(IngestError) -> ImageVolume {
        guard let json = scan.dicomReferenceJSON,
              let reference = try? JSONDecoder().decode(DICOMSourceReference.self, from: Data(json.utf8)) else {
            throw .unsupportedImage(file: name, reason: "scan \(scan.id) has no DICOM reference to place a SEG on "
                                    + "(not a DICOM scan, or ingested before migration 008); re-ingest it or import a mask file")
        }
        guard content.rows == reference.rows, content.columns == reference.columns else {
            throw .maskShape(file: name, found: [content.frames.count, content.rows, content.columns],
                             original: [reference.slices.count, reference.rows, reference.columns],
                             working: scan.workingShape)
        }
        var values: [Int: Float] = [:]
        for segment in content.segments {
            let value = labelValue(segment, mapping: mapping)
            guard value != 0, allowed.contains(value) else {
                throw .maskValues(file: name + " (segment \(segment.number) '\(segment.label)')", found: [value],
                                  allowed: allowed.sorted())
            }
            values[segment.number] = Float(value)
        }
        let sliceSize = reference.rows * reference.columns
        var pixels = [Float](repeating: 0, count: reference.slices.count * sliceSize)
        for (index, frame) in content.frames.enumerated() {
            guard let value = values[frame.segment] else {
                throw .unsupportedImage(file: name, reason: "frame \(index + 1) names segment \(frame.segment), which the SEG does not define")
            }
            guard let slice = sliceIndex(frame, reference) else {
                throw .unsupportedImage(file: name, reason: "frame \(index + 1) covers no slice of scan \(scan.id) "
                                        + "(its source instance and position are not the scan's); export the SEG from this series")
            }
            let frameStart = index * sliceSize, sliceStart = slice * sliceSize
            for pixel in 0..<sliceSize where content.pixels[frameStart + pixel] != 0 { pixels[sliceStart + pixel] = value }
        }
        return ImageVolume(width: reference.columns, height: reference.rows, depth: reference.slices.count, pixels: pixels)
    }

    static func labelValue(_ segment: DICOMSegmentationContent.Segment, mapping: [String: Int] = [:]) -> Int {
        let text = segment.label.trimmingCharacters(in: .whitespaces).lowercased()
        if let mapped = mapping.first(where: { $0.key.trimmingCharacters(in: .whitespaces).lowercased() == text })?.value {
            return mapped
        }
        let number = text.hasPrefix("label ") ? String(text.dropFirst(6)) : text
        return Int(number) ?? segment.number
    }

    /// The slice a frame covers: its source instance (and frame of a multi-frame source), else its position.
    static func sliceIndex(_ frame: DICOMSegmentationContent.Frame, _ reference: DICOMSourceReference) -> Int? {
        if let uid = frame.sourceInstanceUID {
            if let index = reference.slices.firstIndex(where: {
                $0.sopInstanceUID == uid && ($0.frameNumber == nil || $0.frameNumber == frame.sourceFrame)
            }) { return index }
        }
        guard let position = frame.position else { return nil }
        return reference.slices.firstIndex { slice in
            guard let own = slice.position, own.count == position.count else { return false }
            return zip(own, position).allSatisfy { abs($0 - $1) < 0.01 }
        }
    }
}
