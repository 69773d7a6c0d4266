/// The top-level elements of a DICOM Part 10 file (or bare data set), with typed accessors.
struct DICOMDataSet: Sendable {
    let source: String
    let transferSyntaxUID: String
    let syntax: DICOMTransferSyntax
    /// The bytes element offsets refer to: the file itself, or the inflated body for deflated files.
    let reader: ByteReader
    let elements: [DICOMTag: DICOMElement]

    func contains(_ tag: DICOMTag) -> Bool { elements[tag] != nil }

    func value(_ tag: DICOMTag) -> ArraySlice<UInt8>? {
        guard let element = elements[tag], element.fragments == nil else { return nil }
        return reader.bytes[element.offset..<(element.offset + element.length)]
    }

    /// Text value with DICOM padding (trailing spaces and NULs, leading spaces) removed.
    func string(_ tag: DICOMTag) -> String? {
        guard let bytes = value(tag) else { return nil }
        return trimmedText(bytes)
    }

    func strings(_ tag: DICOMTag) -> [String] {
        guard let bytes = value(tag) else { return [] }
        let backslash = UInt8(ascii: "\\")
        guard bytes.contains(backslash) else {
            let text = trimmedText(bytes)
            return text.isEmpty ? [] : [text]
        }
        return bytes.split(separator: backslash, omittingEmptySubsequences: false).map(trimmedText)
    }

    /// Trims on bytes before decoding: values are ASCII-padded, and this runs for every attribute read.
    private func trimmedText(_ bytes: ArraySlice<UInt8>) -> String {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end && bytes[start] == 0x20 { start += 1 }
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Decimal String values (DS); nil when absent, empty or any component is not a number.
    func decimals(_ tag: DICOMTag) -> [Double]? {
        let parts = strings(tag)
        guard !parts.isEmpty else { return nil }
        let values = parts.compactMap(Double.init)
        return values.count == parts.count && values.allSatisfy(\.isFinite) ? values : nil
    }

    /// Integer String value (IS).
    func integerString(_ tag: DICOMTag) -> Int? {
        strings(tag).first.flatMap { Int($0) }
    }

    /// Unsigned short (US) value in the data set's byte order; fails with the field named when missing.
    func uint16(_ tag: DICOMTag, name: String) throws(ImagingError) -> Int {
        guard let element = elements[tag] else {
            throw .invalidField(file: source, field: "\(name) \(tag)", value: "missing",
                                fix: "Image files must carry \(name); re-export the image from the modality or PACS.")
        }
        guard element.length >= 2 else {
            throw .invalidField(file: source, field: "\(name) \(tag)", value: "empty",
                                fix: "Re-export the image; \(name) must hold a value.")
        }
        return Int(try reader.u16(element.offset, field: name))
    }

    func optionalUInt16(_ tag: DICOMTag, name: String) throws(ImagingError) -> Int? {
        contains(tag) ? try uint16(tag, name: name) : nil
    }
}

/// Finds the data set inside Part 10 files (preamble, "DICM", file meta group) and inside bare data sets
/// written without them, which older archives still hold.
enum DICOMFileParser {
    static func parse(_ bytes: [UInt8], source: String) throws(ImagingError) -> DICOMDataSet {
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
            body += try Zlib.inflateAll(bytes[start...], container: .raw, limit: limit, source: source,
                                        field: "deflated data set")
        }
        // Compressed syntaxes other than RLE still use explicit little-endian elements.
        let parser = DICOMElementParser(bytes: body, explicitVR: explicitVR(body, at: start, declared: syntax.isExplicitVR),
                                        bigEndian: syntax.isBigEndian, source: source)
        let (elements, _) = try parser.parseTopLevel(from: start) { _ in true }
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
