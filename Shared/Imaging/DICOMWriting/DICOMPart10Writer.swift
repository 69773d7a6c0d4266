/// Encodes data sets as DICOM Part 10 files in Explicit VR Little Endian (PS3.10 §7, PS3.5 §7.1.2), with
/// defined lengths everywhere so every reader, old or new, can walk them.
public enum DICOMPart10Writer {
    public static let explicitVRLittleEndian = "1.2.840.10008.1.2.1"
    /// ScanSelect's implementation class UID (a 2.25 UUID-derived root) and version, as in the DIMSE door.
    public static let implementationClassUID = "2.25.272998933477308469944417180090768089792"
    public static let implementationVersionName = "SCANSELECT_1"

    /// The 128-byte preamble, `DICM`, the file meta group and then `dataSet`.
    public static func file(sopClassUID: String, sopInstanceUID: String, dataSet: [DICOMWriteElement]) -> [UInt8] {
        let meta = encode([
            DICOMWriteElement(0x0002, 0x0001, .OB, bytes: [0, 1]),
            DICOMWriteElement(0x0002, 0x0002, .UI, sopClassUID),
            DICOMWriteElement(0x0002, 0x0003, .UI, sopInstanceUID),
            DICOMWriteElement(0x0002, 0x0010, .UI, explicitVRLittleEndian),
            DICOMWriteElement(0x0002, 0x0012, .UI, implementationClassUID),
            DICOMWriteElement(0x0002, 0x0013, .SH, implementationVersionName),
        ])
        let groupLength = encode([.unsignedLong(0x0002, 0x0000, meta.count)])
        return [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + groupLength + meta + encode(dataSet)
    }

    /// Elements in ascending tag order, as PS3.5 §7.1 requires, whatever order they were built in.
    public static func encode(_ elements: [DICOMWriteElement]) -> [UInt8] {
        var bytes: [UInt8] = []
        for element in elements.sorted(by: { ($0.group, $0.element) < ($1.group, $1.element) }) {
            append(element, to: &bytes)
        }
        return bytes
    }

    private static func append(_ element: DICOMWriteElement, to bytes: inout [UInt8]) {
        var value: [UInt8]
        switch element.value {
        case .bytes(let raw):
            value = raw
            if value.count % 2 == 1 { value.append(element.vr.padding) }
        case .items(let items):
            value = []
            for item in items {
                let body = encode(item)
                value += tag(0xFFFE, 0xE000) + DICOMWriteElement.littleEndian(UInt32(body.count)) + body
            }
        }
        bytes += tag(element.group, element.element) + Array(element.vr.rawValue.utf8)
        if element.vr.hasLongLength {
            bytes += [0, 0] + DICOMWriteElement.littleEndian(UInt32(value.count))
        } else {
            bytes += DICOMWriteElement.littleEndian(UInt16(value.count))
        }
        bytes += value
    }

    private static func tag(_ group: UInt16, _ element: UInt16) -> [UInt8] {
        DICOMWriteElement.littleEndian(group) + DICOMWriteElement.littleEndian(element)
    }
}
