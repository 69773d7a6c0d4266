/// A DICOM attribute tag (group, element).
public struct DICOMTag: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let group: UInt16
    public let element: UInt16

    public init(_ group: UInt16, _ element: UInt16) {
        self.group = group
        self.element = element
    }

    public var description: String { "(\(hex4(group)),\(hex4(element)))" }

    /// Odd groups hold vendor-private data, which may carry anything, PHI included.
    public var isPrivate: Bool { group & 1 == 1 }

    public static func < (lhs: DICOMTag, rhs: DICOMTag) -> Bool {
        (lhs.group, lhs.element) < (rhs.group, rhs.element)
    }
}

private func hex4(_ value: UInt16) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: 4 - text.count) + text
}

extension DICOMTag {
    static let transferSyntaxUID = DICOMTag(0x0002, 0x0010)
    static let sopClassUID = DICOMTag(0x0008, 0x0016)
    static let sopInstanceUID = DICOMTag(0x0008, 0x0018)
    static let modality = DICOMTag(0x0008, 0x0060)
    static let sliceThickness = DICOMTag(0x0018, 0x0050)
    static let imagerPixelSpacing = DICOMTag(0x0018, 0x1164)
    static let studyInstanceUID = DICOMTag(0x0020, 0x000D)
    static let seriesInstanceUID = DICOMTag(0x0020, 0x000E)
    static let seriesNumber = DICOMTag(0x0020, 0x0011)
    static let instanceNumber = DICOMTag(0x0020, 0x0013)
    static let imagePositionPatient = DICOMTag(0x0020, 0x0032)
    static let imageOrientationPatient = DICOMTag(0x0020, 0x0037)
    static let frameOfReferenceUID = DICOMTag(0x0020, 0x0052)
    static let samplesPerPixel = DICOMTag(0x0028, 0x0002)
    static let photometricInterpretation = DICOMTag(0x0028, 0x0004)
    static let planarConfiguration = DICOMTag(0x0028, 0x0006)
    static let numberOfFrames = DICOMTag(0x0028, 0x0008)
    static let rows = DICOMTag(0x0028, 0x0010)
    static let columns = DICOMTag(0x0028, 0x0011)
    static let pixelSpacing = DICOMTag(0x0028, 0x0030)
    static let bitsAllocated = DICOMTag(0x0028, 0x0100)
    static let bitsStored = DICOMTag(0x0028, 0x0101)
    static let highBit = DICOMTag(0x0028, 0x0102)
    static let pixelRepresentation = DICOMTag(0x0028, 0x0103)
    static let rescaleIntercept = DICOMTag(0x0028, 0x1052)
    static let rescaleSlope = DICOMTag(0x0028, 0x1053)
    static let extendedOffsetTable = DICOMTag(0x7FE0, 0x0001)
    static let extendedOffsetTableLengths = DICOMTag(0x7FE0, 0x0002)
    static let pixelData = DICOMTag(0x7FE0, 0x0010)
    static let item = DICOMTag(0xFFFE, 0xE000)
    static let itemDelimitation = DICOMTag(0xFFFE, 0xE00D)
    static let sequenceDelimitation = DICOMTag(0xFFFE, 0xE0DD)
}
