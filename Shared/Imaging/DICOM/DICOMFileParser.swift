/// Finds the data set inside Part 10 files (preamble, "DICM", file meta group) and inside bare data sets
/// written without them, which older archives still hold.
enum DICOMFileParser {
    /// `headerOnly`: `bytes` may be just the front of the file; parsing stops before Pixel Data (group 7FE0) and a
    /// deflated body is inflated only as far as those bytes allow.
    static func parse(_ bytes: [UInt8], source: String, headerOnly: Bool = false) throws(ImagingError) -> DICOMDataSet {
        var start = 0
        if bytes.count >= 132 && bytes[128] == 0x44 && bytes[129] == 0x49 && bytes[130] == 0x43 && bytes[131] == 0x4D {
            start = 132
        }
        let metaParser = DICOMElementParser(bytes: bytes, explicitVR: true, bigEndian: false, source: source)
        let hasMeta = bytes.count >= start + 2 && bytes[start] == 0x02 && bytes[start + 1] == 0x00
        var meta: [DICOMTag: DICOMElement] = [:]
        if hasMeta {
            (meta, start) = try metaParser.parseTopLevel(from: start) { $0.group == 0x0002 }
        }
        let metaSet = DICOMDataSet(source: source, transferSyntaxUID: "", syntax: .explicitLittle,
                                   reader: metaParser.reader, elements: meta)
        var uid = metaSet.string(.transferSyntaxUID) ?? ""
        if uid.isEmpty { uid = try guessSyntax(bytes, at: start, source: source, sawPreamble: start > 0) }
        let syntax = DICOMTransferSyntax(uid: uid)
        var body = bytes
        if syntax == .deflatedExplicitLittle {
            let limit = Zlib.maximumInflatedSize(compressedCount: bytes.count - start)
            body = Array(bytes[0..<start])
            if headerOnly {
                body += try Zlib.inflate(bytes[start...], container: .raw, size: min(limit, bytes.count * 8),
                                         allowShorter: true, source: source, field: "deflated data set")
            } else {
                body += try Zlib.inflateAll(bytes[start...], container: .raw, limit: limit, source: source,
                                            field: "deflated data set")
            }
        }
        // Compressed syntaxes other than RLE still use explicit little-endian elements.
        let parser = DICOMElementParser(bytes: body, explicitVR: explicitVR(body, at: start, declared: syntax.isExplicitVR),
                                        bigEndian: syntax.isBigEndian, source: source)
        let (elements, _) = try parser.parseTopLevel(from: start) { tag in !headerOnly || tag.group < 0x7FE0 }
        return DICOMDataSet(source: source, transferSyntaxUID: uid, syntax: syntax, reader: parser.reader,
                            elements: elements.merging(meta) { current, _ in current })
    }

    /// Some writers declare one VR encoding and use the other; like pydicom, trust the first element: explicit
    /// VRs are two upper-case letters, an implicit length almost never is.
    private static func explicitVR(_ bytes: [UInt8], at start: Int, declared: Bool) -> Bool {
        guard bytes.count >= start + 6 else { return declared }
        let looksExplicit = (0x41...0x5A).contains(bytes[start + 4]) && (0x41...0x5A).contains(bytes[start + 5])
        return looksExplicit
    }

    /// Files without a Transfer Syntax UID: decide from the first element, as other readers do. A file that
    /// neither has "DICM" nor starts like a data set is rejected as not DICOM.
    private static func guessSyntax(_ bytes: [UInt8], at start: Int, source: String,
                                    sawPreamble: Bool) throws(ImagingError) -> String {
        guard bytes.count >= start + 8 else {
            throw sawPreamble
                ? .truncated(file: source, field: "first data element", needed: 8, available: bytes.count - start)
                : .wrongMagic(file: source, format: "DICOM", found: hexPreview(bytes))
        }
        let littleGroup = UInt16(bytes[start]) | UInt16(bytes[start + 1]) << 8
        let bigGroup = UInt16(bytes[start]) << 8 | UInt16(bytes[start + 1])
        let vr = String(decoding: bytes[(start + 4)..<(start + 6)], as: UTF8.self)
        let plausibleGroups: Set<UInt16> = [0x0002, 0x0008]
        if plausibleGroups.contains(littleGroup) {
            return DICOMVR.known.contains(vr) ? "1.2.840.10008.1.2.1" : "1.2.840.10008.1.2"
        }
        if plausibleGroups.contains(bigGroup) && DICOMVR.known.contains(vr) { return "1.2.840.10008.1.2.2" }
        if sawPreamble { return "1.2.840.10008.1.2.1" }
        throw .wrongMagic(file: source, format: "DICOM", found: hexPreview(bytes))
    }
}
