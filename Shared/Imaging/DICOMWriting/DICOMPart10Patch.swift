extension DICOMPart10Writer {
    /// `file` (Explicit VR Little Endian, defined lengths: what this writer makes) with top-level elements replaced
    /// or added — how a stored SEG gets the patient and study attributes of the PACS it is sent to, attributes
    /// the catalog never holds. The file meta group is kept as it is.
    public static func replacing(_ elements: [DICOMWriteElement], in file: [UInt8],
                                 source: String) throws(ImagingError) -> [UInt8] {
        guard file.count >= 132, Array(file[128..<132]) == Array("DICM".utf8) else {
            throw .wrongMagic(file: source, format: "DICOM Part 10", found: "no DICM prefix")
        }
        var offset = 132
        var meta: [UInt8] = []
        var dataSet: [UInt32: ArraySlice<UInt8>] = [:]
        while offset < file.count {
            guard offset + 8 <= file.count else { throw truncated(source, offset, needed: offset + 8, available: file.count) }
            let group = UInt16(file[offset]) | UInt16(file[offset + 1]) << 8
            let element = UInt16(file[offset + 2]) | UInt16(file[offset + 3]) << 8
            let vr = String(decoding: file[(offset + 4)..<(offset + 6)], as: UTF8.self)
            let long = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR", "UT"].contains(vr)
            let header = long ? 12 : 8
            guard offset + header <= file.count else {
                throw truncated(source, offset, needed: offset + header, available: file.count)
            }
            let length = long
                ? (8..<12).reduce(0) { $0 | Int(file[offset + $1]) << (8 * ($1 - 8)) }
                : Int(file[offset + 6]) | Int(file[offset + 7]) << 8
            guard length != 0xFFFF_FFFF else {
                throw .unsupported(file: source, field: "(\(hex(group)),\(hex(element))) length", value: "undefined",
                                   fix: "Only files with defined lengths (as ScanSelect writes them) can be amended.")
            }
            let end = offset + header + length
            guard end <= file.count else { throw truncated(source, offset, needed: end, available: file.count) }
            if group == 0x0002 {
                meta += file[offset..<end]
            } else {
                dataSet[UInt32(group) << 16 | UInt32(element)] = file[offset..<end]
            }
            offset = end
        }
        for element in elements {
            dataSet[UInt32(element.group) << 16 | UInt32(element.element)] = encode([element])[...]
        }
        var bytes = Array(file[0..<132]) + meta
        for tag in dataSet.keys.sorted() { bytes += dataSet[tag] ?? [] }
        return bytes
    }

    private static func truncated(_ source: String, _ offset: Int, needed: Int, available: Int) -> ImagingError {
        .truncated(file: source, field: "element at byte \(offset)", needed: needed, available: available)
    }

    private static func hex(_ value: UInt16) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - text.count) + text
    }
}
