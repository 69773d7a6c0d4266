import Foundation

/// A binary DICOM Segmentation (SEG IOD, PS3.3 A.51) of one scan: one segment per label value, one frame per
/// segment and source slice, each frame referencing its source instance (and frame) by SOP Instance UID, and,
/// when the source has a Frame of Reference, its position and orientation. Built from the catalog's
/// `DICOMSourceReference`, which holds no patient data: the patient and study attributes that a PACS files the
/// SEG by come from `DICOMSegmentation.Context` (empty, as type 2 allows, when the caller has none).
public struct DICOMSegmentation: Sendable {
    public static let sopClassUID = "1.2.840.10008.5.1.4.1.1.66.4"

    public struct Segment: Sendable, Equatable {
        public let number: Int
        /// The value of this segment's pixels in the label mask.
        public let labelValue: UInt8
        public let label: String

        public init(number: Int, labelValue: UInt8, label: String) {
            (self.number, self.labelValue, self.label) = (number, labelValue, label)
        }
    }

    /// Patient and study attributes repeated from the source so a PACS files the SEG with its study.
    public struct Context: Sendable, Equatable {
        public var patientName = ""
        public var patientID = ""
        public var patientBirthDate = ""
        public var patientSex = ""
        public var studyDate = ""
        public var studyTime = ""
        public var studyID = ""
        public var accessionNumber = ""
        public var referringPhysicianName = ""

        public init() {}

        /// The attributes as top-level elements (Patient and General Study modules).
        public var elements: [DICOMWriteElement] {
            [DICOMWriteElement(0x0008, 0x0020, .DA, studyDate), DICOMWriteElement(0x0008, 0x0030, .TM, studyTime),
             DICOMWriteElement(0x0008, 0x0050, .SH, accessionNumber),
             DICOMWriteElement(0x0008, 0x0090, .PN, referringPhysicianName),
             DICOMWriteElement(0x0010, 0x0010, .PN, patientName), DICOMWriteElement(0x0010, 0x0020, .LO, patientID),
             DICOMWriteElement(0x0010, 0x0030, .DA, patientBirthDate), DICOMWriteElement(0x0010, 0x0040, .CS, patientSex),
             DICOMWriteElement(0x0020, 0x0010, .SH, studyID)]
        }
    }

    /// Who made the segmentation and which model version: a new series per model.
    public struct Provenance: Sendable, Equatable {
        public let seriesInstanceUID: String
        public let seriesNumber: Int
        public let seriesDescription: String
        public let algorithmName: String
        public let algorithmVersion: String
        public let created: Date

        public init(seriesInstanceUID: String, seriesNumber: Int, seriesDescription: String, algorithmName: String,
                    algorithmVersion: String, created: Date) {
            self.seriesInstanceUID = seriesInstanceUID
            self.seriesNumber = seriesNumber
            self.seriesDescription = seriesDescription
            self.algorithmName = algorithmName
            self.algorithmVersion = algorithmVersion
            self.created = created
        }
    }

    public let sopInstanceUID: String
    public let bytes: [UInt8]

    /// `mask` holds one label value per source pixel, slice after slice in the reference's order, rows then columns.
    public init(mask: [UInt8], reference: DICOMSourceReference, segments: [Segment], provenance: Provenance,
                context: Context = Context(), sopInstanceUID: String = DICOMUID.make()) throws(ImagingError) {
        let sliceSize = reference.rows * reference.columns
        guard mask.count == sliceSize * reference.slices.count else {
            throw Self.shapeError(reference, values: mask.count, segments: segments.count)
        }
        let frames = Self.frames(segments, reference)
        let pixelData = Self.packBits(frames.map { frame in
            mask[(frame.slice * sliceSize)..<((frame.slice + 1) * sliceSize)].lazy.map { $0 == frame.segment.labelValue }
        }, count: frames.count * sliceSize)
        try self.init(pixelData: pixelData, fractional: false, frames: frames, reference: reference, segments: segments,
                      provenance: provenance, context: context, sopInstanceUID: sopInstanceUID)
    }

    /// A FRACTIONAL (PROBABILITY) SEG: `probabilities[i]` is segment i's probability per source pixel, laid out as
    /// `mask` is, stored in 8 bits (Maximum Fractional Value 255).
    public init(probabilities: [[Float]], reference: DICOMSourceReference, segments: [Segment], provenance: Provenance,
                context: Context = Context(), sopInstanceUID: String = DICOMUID.make()) throws(ImagingError) {
        let sliceSize = reference.rows * reference.columns
        guard probabilities.count == segments.count,
              probabilities.allSatisfy({ $0.count == sliceSize * reference.slices.count }) else {
            throw Self.shapeError(reference, values: probabilities.first?.count ?? 0, segments: probabilities.count)
        }
        let frames = Self.frames(segments, reference)
        var pixelData: [UInt8] = []
        pixelData.reserveCapacity(frames.count * sliceSize)
        for frame in frames {
            guard let index = segments.firstIndex(of: frame.segment) else { continue }
            pixelData += probabilities[index][(frame.slice * sliceSize)..<((frame.slice + 1) * sliceSize)]
                .map { UInt8((min(max($0, 0), 1) * Float(Self.maximumFractionalValue)).rounded()) }
        }
        try self.init(pixelData: pixelData, fractional: true, frames: frames, reference: reference, segments: segments,
                      provenance: provenance, context: context, sopInstanceUID: sopInstanceUID)
    }

    static let maximumFractionalValue = 255

    private init(pixelData: [UInt8], fractional: Bool, frames: [(segment: Segment, slice: Int)], reference: DICOMSourceReference,
                 segments: [Segment], provenance: Provenance, context: Context, sopInstanceUID: String) throws(ImagingError) {
        guard !segments.isEmpty, !reference.slices.isEmpty else {
            throw Self.shapeError(reference, values: 0, segments: segments.count)
        }
        let layout = FrameLayout(reference)
        var elements = Self.header(reference: reference, provenance: provenance, context: context,
                                   sopInstanceUID: sopInstanceUID, frames: frames.count, fractional: fractional)
        elements += layout.dimensions
        elements.append(DICOMWriteElement(0x0062, 0x0002, sequence: segments.map { Self.segmentItem($0, provenance) }))
        elements.append(DICOMWriteElement(0x5200, 0x9229, sequence: [layout.shared]))
        elements.append(DICOMWriteElement(0x5200, 0x9230, sequence: frames.map { layout.perFrame(segment: $0.segment.number,
                                                                                                slice: $0.slice) }))
        elements.append(DICOMWriteElement(0x7FE0, 0x0010, .OB, bytes: pixelData))
        self.sopInstanceUID = sopInstanceUID
        bytes = DICOMPart10Writer.file(sopClassUID: Self.sopClassUID, sopInstanceUID: sopInstanceUID, dataSet: elements)
    }

    /// One frame per segment and source slice, segment by segment.
    private static func frames(_ segments: [Segment], _ reference: DICOMSourceReference) -> [(segment: Segment, slice: Int)] {
        segments.flatMap { segment in reference.slices.indices.map { (segment: segment, slice: $0) } }
    }

    private static func shapeError(_ reference: DICOMSourceReference, values: Int, segments: Int) -> ImagingError {
        .invalidField(file: "SEG for series \(reference.seriesInstanceUID)", field: "mask",
                      value: "\(values) values for \(reference.slices.count) slices of \(reference.rows)x\(reference.columns) "
                          + "and \(segments) segments",
                      fix: "Map the prediction back to the source grid before writing the SEG.")
    }

    /// 1-bit frames packed back to back with no padding between frames, least significant bit first (PS3.5 §8.1.1).
    static func packBits<Frame: Sequence<Bool>>(_ frames: [Frame], count: Int) -> [UInt8] {
        var packed = [UInt8](repeating: 0, count: (count + 7) / 8)
        var bit = 0
        for frame in frames {
            for set in frame {
                if set { packed[bit >> 3] |= 1 << UInt8(bit & 7) }
                bit += 1
            }
        }
        return packed
    }

    private static func header(reference: DICOMSourceReference, provenance: Provenance, context: Context,
                               sopInstanceUID: String, frames: Int, fractional: Bool) -> [DICOMWriteElement] {
        let bits = fractional ? 8 : 1
        let (date, time) = dateAndTime(provenance.created)
        var elements: [DICOMWriteElement] = [
            DICOMWriteElement(0x0008, 0x0005, .CS, "ISO_IR 192"),
            DICOMWriteElement(0x0008, 0x0008, .CS, "DERIVED", "PRIMARY"),
            DICOMWriteElement(0x0008, 0x0012, .DA, date), DICOMWriteElement(0x0008, 0x0013, .TM, time),
            DICOMWriteElement(0x0008, 0x0016, .UI, sopClassUID), DICOMWriteElement(0x0008, 0x0018, .UI, sopInstanceUID),
            DICOMWriteElement(0x0008, 0x0021, .DA, date),
            DICOMWriteElement(0x0008, 0x0023, .DA, date),
            DICOMWriteElement(0x0008, 0x0031, .TM, time), DICOMWriteElement(0x0008, 0x0033, .TM, time),
            DICOMWriteElement(0x0008, 0x0060, .CS, "SEG"),
            DICOMWriteElement(0x0008, 0x0070, .LO, "ScanSelect"),
            DICOMWriteElement(0x0008, 0x103E, .LO, provenance.seriesDescription),
            DICOMWriteElement(0x0008, 0x1090, .LO, provenance.algorithmName),
            DICOMWriteElement(0x0008, 0x1115, sequence: [[
                DICOMWriteElement(0x0008, 0x114A, sequence: uniqueInstances(reference).map { instance in
                    [DICOMWriteElement(0x0008, 0x1150, .UI, instance.sopClassUID),
                     DICOMWriteElement(0x0008, 0x1155, .UI, instance.sopInstanceUID)]
                }),
                DICOMWriteElement(0x0020, 0x000E, .UI, reference.seriesInstanceUID),
            ]]),
            DICOMWriteElement(0x0018, 0x1000, .LO, "1"),
            DICOMWriteElement(0x0018, 0x1020, .LO, provenance.algorithmVersion),
            DICOMWriteElement(0x0020, 0x000D, .UI, reference.studyInstanceUID),
            DICOMWriteElement(0x0020, 0x000E, .UI, provenance.seriesInstanceUID),
            DICOMWriteElement(0x0020, 0x0011, .IS, String(provenance.seriesNumber)),
            DICOMWriteElement(0x0020, 0x0013, .IS, "1"),
            .unsignedShort(0x0028, 0x0002, 1),
            DICOMWriteElement(0x0028, 0x0004, .CS, "MONOCHROME2"),
            DICOMWriteElement(0x0028, 0x0008, .IS, String(frames)),
            .unsignedShort(0x0028, 0x0010, reference.rows), .unsignedShort(0x0028, 0x0011, reference.columns),
            .unsignedShort(0x0028, 0x0100, bits), .unsignedShort(0x0028, 0x0101, bits), .unsignedShort(0x0028, 0x0102, bits - 1),
            .unsignedShort(0x0028, 0x0103, 0),
            DICOMWriteElement(0x0028, 0x2110, .CS, "00"),
            DICOMWriteElement(0x0062, 0x0001, .CS, fractional ? "FRACTIONAL" : "BINARY"),
            DICOMWriteElement(0x0070, 0x0080, .CS, "SCANSELECT"),
            DICOMWriteElement(0x0070, 0x0081, .LO, "Pre-annotation by \(provenance.algorithmName)"),
            DICOMWriteElement(0x0070, 0x0084, .PN, ""),
        ]
        if fractional {
            elements += [DICOMWriteElement(0x0062, 0x0010, .CS, "PROBABILITY"),
                         .unsignedShort(0x0062, 0x000E, maximumFractionalValue)]
        }
        elements += context.elements
        if let frameOfReference = reference.frameOfReferenceUID {
            elements += [DICOMWriteElement(0x0020, 0x0052, .UI, frameOfReference), DICOMWriteElement(0x0020, 0x1040, .LO, "")]
        } else {
            // Without patient-space geometry (a radiograph), General Image asks for the orientation, possibly empty.
            elements.append(DICOMWriteElement(0x0020, 0x0020, .CS, ""))
        }
        return elements
    }

    private static func segmentItem(_ segment: Segment, _ provenance: Provenance) -> [DICOMWriteElement] {
        [
            DICOMWriteElement(0x0062, 0x0003, sequence: [code("91723000", "SCT", "Anatomical Structure")]),
            .unsignedShort(0x0062, 0x0004, segment.number),
            DICOMWriteElement(0x0062, 0x0005, .LO, segment.label),
            DICOMWriteElement(0x0062, 0x0007, sequence: [[
                DICOMWriteElement(0x0066, 0x002F, sequence: [code("123110", "DCM", "Artificial Intelligence")]),
                DICOMWriteElement(0x0066, 0x0031, .LO, provenance.algorithmVersion),
                DICOMWriteElement(0x0066, 0x0036, .LO, provenance.algorithmName),
            ]]),
            DICOMWriteElement(0x0062, 0x0008, .CS, "AUTOMATIC"),
            DICOMWriteElement(0x0062, 0x0009, .LO, provenance.algorithmName),
            DICOMWriteElement(0x0062, 0x000F, sequence: [code("85756007", "SCT", "Tissue")]),
        ]
    }

    static func code(_ value: String, _ scheme: String, _ meaning: String) -> [DICOMWriteElement] {
        [DICOMWriteElement(0x0008, 0x0100, .SH, value), DICOMWriteElement(0x0008, 0x0102, .SH, scheme),
         DICOMWriteElement(0x0008, 0x0104, .LO, meaning)]
    }

    private static func uniqueInstances(_ reference: DICOMSourceReference) -> [DICOMSourceReference.Slice] {
        var seen: Set<String> = []
        return reference.slices.filter { seen.insert($0.sopInstanceUID).inserted }
    }

    private static func dateAndTime(_ date: Date) -> (String, String) {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd"
        let day = formatter.string(from: date)
        formatter.dateFormat = "HHmmss"
        return (day, formatter.string(from: date))
    }
}
