/// The study-level C-FIND that write-back over DIMSE asks before sending a SEG: the identifier (the study by its
/// UID, the patient and study attributes a SEG must carry as empty return keys) and the answer read back as the
/// SEG's context. The same attributes as the DICOMweb path's QIDO-RS query.
public enum DICOMStudyQuery {
    static let returnKeys: [(UInt16, UInt16, DICOMValueRepresentation)] = [
        (0x0008, 0x0020, .DA), (0x0008, 0x0030, .TM), (0x0008, 0x0050, .SH), (0x0008, 0x0090, .PN), (0x0010, 0x0010, .PN),
        (0x0010, 0x0020, .LO), (0x0010, 0x0030, .DA), (0x0010, 0x0040, .CS), (0x0020, 0x0010, .SH),
    ]

    /// Explicit VR Little Endian, as the association proposes first.
    public static func identifier(studyInstanceUID: String) -> [UInt8] {
        DICOMPart10Writer.encode([DICOMWriteElement(0x0008, 0x0052, .CS, "STUDY"),
                                  DICOMWriteElement(0x0020, 0x000D, .UI, studyInstanceUID)]
                                 + returnKeys.map { DICOMWriteElement($0.0, $0.1, $0.2, "") })
    }

    /// A C-FIND response identifier (a bare data set; the parser tells explicit from implicit VR) as a SEG's
    /// patient and study context.
    public static func context(fromIdentifier bytes: [UInt8], source: String) throws(ImagingError) -> DICOMSegmentation.Context {
        let dataSet = try DICOMFileParser.parse(bytes, source: source)
        func text(_ group: UInt16, _ element: UInt16) -> String { dataSet.string(DICOMTag(group, element)) ?? "" }
        var context = DICOMSegmentation.Context()
        context.studyDate = text(0x0008, 0x0020)
        context.studyTime = text(0x0008, 0x0030)
        context.accessionNumber = text(0x0008, 0x0050)
        context.referringPhysicianName = text(0x0008, 0x0090)
        context.patientName = text(0x0010, 0x0010)
        context.patientID = text(0x0010, 0x0020)
        context.patientBirthDate = text(0x0010, 0x0030)
        context.patientSex = text(0x0010, 0x0040)
        context.studyID = text(0x0020, 0x0010)
        return context
    }
}
