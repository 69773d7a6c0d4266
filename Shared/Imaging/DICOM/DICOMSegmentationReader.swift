/// What a DICOM SEG (from OHIF, 3D Slicer, highdicom or ScanSelect itself) says: its segments and, frame by frame,
/// which segment and which source slice the frame covers and its pixels. Binary and fractional SEGs, native
/// pixel data, native or encapsulated (decoded by the image codecs); the decode budget is checked before the frames
/// are unpacked.
public struct DICOMSegmentationContent: Sendable, Equatable {
    public struct Segment: Sendable, Equatable {
        public let number: Int
        public let label: String
    }

    public struct Frame: Sendable, Equatable {
        public let segment: Int
        /// The source slice, when the frame's Derivation Image names it.
        public let sourceInstanceUID: String?
        public let sourceFrame: Int?
        /// Image Position (Patient), when the frame has a plane position.
        public let position: [Double]?
    }

    public let rows: Int
    public let columns: Int
    public let segments: [Segment]
    public let frames: [Frame]
    /// Frame after frame, row-major: 1 where the frame's segment covers the pixel (for fractional SEGs: more than half).
    public let pixels: [UInt8]
    /// SOP Instance UIDs the SEG references (per frame, else in its Referenced Series Sequence).
    public let referencedInstanceUIDs: [String]
}

public enum DICOMSegmentationReader {
    static let referencedSeries = DICOMTag(0x0008, 0x1115)
    static let referencedInstances = DICOMTag(0x0008, 0x114A)
    static let referencedSOPInstanceUID = DICOMTag(0x0008, 0x1155)
    static let referencedFrameNumber = DICOMTag(0x0008, 0x1160)
    static let derivationImage = DICOMTag(0x0008, 0x9124)
    static let sourceImage = DICOMTag(0x0008, 0x2112)
    static let planePosition = DICOMTag(0x0020, 0x9113)
    static let segmentationType = DICOMTag(0x0062, 0x0001)
    static let segmentSequence = DICOMTag(0x0062, 0x0002)
    static let segmentNumber = DICOMTag(0x0062, 0x0004)
    static let segmentLabel = DICOMTag(0x0062, 0x0005)
    static let segmentIdentification = DICOMTag(0x0062, 0x000A)
    static let referencedSegmentNumber = DICOMTag(0x0062, 0x000B)
    static let maximumFractionalValue = DICOMTag(0x0062, 0x000E)
    static let sharedGroups = DICOMTag(0x5200, 0x9229)
    static let perFrameGroups = DICOMTag(0x5200, 0x9230)

    public static func read(_ bytes: [UInt8], source: String) throws(ImagingError) -> DICOMSegmentationContent {
        let set = try DICOMFileParser.parse(bytes, source: source)
        guard set.string(.sopClassUID) == DICOMSegmentation.sopClassUID else {
            throw .unsupported(file: source, field: "SOPClassUID (0008,0016)", value: set.string(.sopClassUID) ?? "missing",
                               fix: "Only DICOM Segmentation objects (1.2.840.10008.5.1.4.1.1.66.4) are read as SEG labels.")
        }
        let rows = try set.uint16(.rows, name: "Rows"), columns = try set.uint16(.columns, name: "Columns")
        let frameCount = set.integerString(.numberOfFrames) ?? 1
        let bits = try set.uint16(.bitsAllocated, name: "BitsAllocated")
        let fractional = set.string(segmentationType) == "FRACTIONAL"
        guard frameCount >= 1, rows >= 1, columns >= 1, bits == (fractional ? 8 : 1) else {
            throw .unsupported(file: source, field: "NumberOfFrames/BitsAllocated", value: "\(frameCount) frames, \(bits) bits",
                               fix: "A SEG has at least one frame of 1-bit (BINARY) or 8-bit (FRACTIONAL) pixels.")
        }
        let (total, overflow) = rows.multipliedReportingOverflow(by: columns * frameCount)
        try DecodeBudget.require(overflow ? nil : total, file: source, field: "SEG frames (\(frameCount) of \(rows)x\(columns))")
        let maximum = fractional ? max(1, (try set.optionalUInt16(maximumFractionalValue, name: "MaximumFractionalValue")) ?? 255) : 1
        var pixels = [UInt8](repeating: 0, count: total)
        if let data = set.value(.pixelData) {
            let needed = fractional ? total : (total + 7) / 8
            guard data.count >= needed else {
                throw .truncated(file: source, field: "PixelData", needed: needed, available: data.count)
            }
            let base = data.startIndex
            for index in 0..<total {
                pixels[index] = fractional
                    ? (Int(data[base + index]) * 2 > maximum ? 1 : 0)
                    : (data[base + index >> 3] >> UInt8(index & 7)) & 1
            }
        } else {
            // Encapsulated (RLE, JPEG-LS, JPEG 2000 lossless …): the image decoders unpack it, within the budget.
            guard case let .uint8(values) = try DICOMPixelDecoder.decode(set, try DICOMImageAttributes(set)).pixels,
                  values.count >= total else {
                throw .unsupported(file: source, field: "PixelData (7FE0,0010)", value: "not 1- or 8-bit frames once decoded",
                                   fix: "Export the SEG uncompressed (Explicit VR Little Endian) or losslessly compressed.")
            }
            for index in 0..<total {
                pixels[index] = fractional ? (Int(values[index]) * 2 > maximum ? 1 : 0) : (values[index] != 0 ? 1 : 0)
            }
        }
        let segments = try set.items(segmentSequence).map { item throws(ImagingError) in
            DICOMSegmentationContent.Segment(number: try item.uint16(segmentNumber, name: "SegmentNumber"),
                                             label: item.string(segmentLabel) ?? "")
        }
        let shared = try set.item(sharedGroups)
        let perFrame = try set.items(perFrameGroups)
        guard perFrame.count == frameCount else {
            throw .invalidField(file: source, field: "PerFrameFunctionalGroupsSequence", value: "\(perFrame.count) items",
                                fix: "A SEG has one per-frame functional group per frame (\(frameCount)); re-export it.")
        }
        var frames: [DICOMSegmentationContent.Frame] = []
        for group in perFrame {
            // A macro the frame lacks is shared by all frames.
            func macro(_ tag: DICOMTag) throws(ImagingError) -> DICOMDataSet? {
                if let own = try group.item(tag) { return own }
                return try shared?.item(tag)
            }
            guard let segment = try macro(segmentIdentification)?.uint16(referencedSegmentNumber, name: "ReferencedSegmentNumber")
            else {
                throw .invalidField(file: source, field: "SegmentIdentificationSequence", value: "missing",
                                    fix: "Every SEG frame names its segment; re-export it.")
            }
            let sourceImage = try macro(derivationImage)?.item(sourceImage)
            frames.append(DICOMSegmentationContent.Frame(
                segment: segment, sourceInstanceUID: sourceImage?.string(referencedSOPInstanceUID),
                sourceFrame: sourceImage?.integerString(referencedFrameNumber),
                position: try macro(planePosition)?.decimals(.imagePositionPatient)))
        }
        var referenced = frames.compactMap(\.sourceInstanceUID)
        for series in try set.items(referencedSeries) {
            referenced += try series.items(referencedInstances).compactMap { $0.string(referencedSOPInstanceUID) }
        }
        var seen: Set<String> = []
        return DICOMSegmentationContent(rows: rows, columns: columns, segments: segments, frames: frames, pixels: pixels,
                                        referencedInstanceUIDs: referenced.filter { seen.insert($0).inserted })
    }
}
