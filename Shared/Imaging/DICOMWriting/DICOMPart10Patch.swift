extension DICOMPart10Writer {
    /// `file` (a Part 10 file in Explicit VR Little Endian with native pixel data: what this writer makes) with
    /// top-level elements replaced or added — how a stored SEG gets the patient and study attributes of the PACS it
    /// is sent to, attributes the catalog never holds. The file meta group is kept as it is.
    public static func replacing(_ elements: [DICOMWriteElement], in file: [UInt8],
                                 source: String) throws(ImagingError) -> [UInt8] {
        guard file.count >= 132, Array(file[128..<132]) == Array("DICM".utf8) else {
            throw .wrongMagic(file: source, format: "DICOM Part 10", found: "no DICM prefix")
        }
        let parser = DICOMElementParser(bytes: file, explicitVR: true, bigEndian: false, source: source)
        let (_, bodyStart) = try parser.parseTopLevel(from: 132) { $0.group == 0x0002 }
        let (found, _) = try parser.parseTopLevel(from: bodyStart) { _ in true }
        var dataSet: [DICOMTag: ArraySlice<UInt8>] = [:]
        for (tag, element) in found {
            guard element.fragments == nil else {
                throw .unsupported(file: source, field: "PixelData (7FE0,0010)", value: "encapsulated",
                                   fix: "Only files with native pixel data (as ScanSelect writes them) can be amended.")
            }
            let header = DICOMVR.longLength.contains(element.vr) ? 12 : 8
            dataSet[tag] = file[(element.offset - header)..<(element.offset + element.length)]
        }
        for element in elements {
            dataSet[DICOMTag(element.group, element.element)] = encode([element])[...]
        }
        var bytes = Array(file[0..<bodyStart])
        for tag in dataSet.keys.sorted() { bytes += dataSet[tag] ?? [] }
        return bytes
    }
}
