/// A data set received over DIMSE, made a Part-10 file (PS3.10 section 7): preamble, "DICM", and the file meta
/// group in Explicit VR Little Endian naming the negotiated transfer syntax, so the file goes the same way as a
/// dropped one.
enum Part10Wrapper {
    static func wrap(_ dataSet: [UInt8], sopClassUID: String, sopInstanceUID: String, transferSyntax: String,
                     implementationClassUID: String, implementationVersionName: String) -> [UInt8] {
        var meta: [UInt8] = []
        func element(_ number: UInt16, _ vr: String, _ value: [UInt8]) {
            let padded = value.count % 2 == 0 ? value : value + [vr == "UI" ? 0 : 0x20]
            meta += [0x02, 0x00, UInt8(number & 0xFF), UInt8(number >> 8)] + Array(vr.utf8)
            if vr == "OB" {
                meta += [0, 0] + [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: padded.count >> $0) }
            } else {
                meta += [UInt8(padded.count & 0xFF), UInt8(padded.count >> 8)]
            }
            meta += padded
        }
        element(0x0001, "OB", [0, 1])
        element(0x0002, "UI", Array(sopClassUID.utf8))
        element(0x0003, "UI", Array(sopInstanceUID.utf8))
        element(0x0010, "UI", Array(transferSyntax.utf8))
        element(0x0012, "UI", Array(implementationClassUID.utf8))
        element(0x0013, "SH", Array(implementationVersionName.utf8))
        let length = [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: meta.count >> $0) }
        return [UInt8](repeating: 0, count: 128) + Array("DICM".utf8)
            + [0x02, 0x00, 0x00, 0x00] + Array("UL".utf8) + [4, 0] + length + meta + dataSet
    }
}
