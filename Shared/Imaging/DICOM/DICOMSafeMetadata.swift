/// The only DICOM attributes ScanSelect passes on: acquisition geometry, pixel encoding and object identity.
/// It is an allow-list on purpose — a deny-list misses whatever a vendor puts in an unexpected place.
public enum DICOMSafeMetadata {
    enum Encoding { case text, unsignedShort }

    /// Keyword, tag and how its value is encoded.
    static let allowList: [(keyword: String, tag: DICOMTag, encoding: Encoding)] = [
        ("TransferSyntaxUID", .transferSyntaxUID, .text), ("SOPClassUID", .sopClassUID, .text),
        ("SOPInstanceUID", .sopInstanceUID, .text), ("StudyInstanceUID", .studyInstanceUID, .text),
        ("SeriesInstanceUID", .seriesInstanceUID, .text), ("Modality", .modality, .text),
        ("SeriesNumber", .seriesNumber, .text), ("InstanceNumber", .instanceNumber, .text),
        ("ViewPosition", DICOMTag(0x0018, 0x5101), .text), ("KVP", DICOMTag(0x0018, 0x0060), .text),
        ("MagneticFieldStrength", DICOMTag(0x0018, 0x0087), .text),
        ("RepetitionTime", DICOMTag(0x0018, 0x0080), .text), ("EchoTime", DICOMTag(0x0018, 0x0081), .text),
        ("SliceThickness", .sliceThickness, .text), ("SpacingBetweenSlices", DICOMTag(0x0018, 0x0088), .text),
        ("ImagerPixelSpacing", .imagerPixelSpacing, .text), ("PixelSpacing", .pixelSpacing, .text),
        ("ImagePositionPatient", .imagePositionPatient, .text),
        ("ImageOrientationPatient", .imageOrientationPatient, .text),
        ("SliceLocation", DICOMTag(0x0020, 0x1041), .text), ("NumberOfFrames", .numberOfFrames, .text),
        ("Rows", .rows, .unsignedShort), ("Columns", .columns, .unsignedShort),
        ("SamplesPerPixel", .samplesPerPixel, .unsignedShort),
        ("PhotometricInterpretation", .photometricInterpretation, .text),
        ("PlanarConfiguration", .planarConfiguration, .unsignedShort),
        ("BitsAllocated", .bitsAllocated, .unsignedShort), ("BitsStored", .bitsStored, .unsignedShort),
        ("HighBit", .highBit, .unsignedShort), ("PixelRepresentation", .pixelRepresentation, .unsignedShort),
        ("WindowCenter", DICOMTag(0x0028, 0x1050), .text), ("WindowWidth", DICOMTag(0x0028, 0x1051), .text),
        ("RescaleIntercept", .rescaleIntercept, .text), ("RescaleSlope", .rescaleSlope, .text),
        ("RescaleType", DICOMTag(0x0028, 0x1054), .text),
    ]

    /// Tags that may appear in the safe metadata.
    public static var allowedTags: Set<DICOMTag> { Set(allowList.map(\.tag)) }

    static func extract(_ set: DICOMDataSet) -> [String: String] {
        var result: [String: String] = [:]
        for entry in allowList where set.contains(entry.tag) {
            switch entry.encoding {
            case .text:
                if let value = set.string(entry.tag), !value.isEmpty { result[entry.keyword] = value }
            case .unsignedShort:
                if let value = try? set.uint16(entry.tag, name: entry.keyword) { result[entry.keyword] = String(value) }
            }
        }
        return result
    }
}
