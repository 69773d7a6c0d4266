/// The top-level elements of a DICOM Part 10 file (or bare data set), with typed accessors.
struct DICOMDataSet: Sendable {
    let source: String
    let transferSyntaxUID: String
    let syntax: DICOMTransferSyntax
    /// The bytes element offsets refer to: the file itself, or the inflated body for deflated files.
    let reader: ByteReader
    let elements: [DICOMTag: DICOMElement]

    func contains(_ tag: DICOMTag) -> Bool { elements[tag] != nil }

    /// A sequence's items, each a data set over the same bytes; empty when the sequence is absent.
    func items(_ tag: DICOMTag) throws(ImagingError) -> [DICOMDataSet] {
        guard let element = elements[tag] else { return [] }
        let parser = DICOMElementParser(reader: reader, explicitVR: syntax.isExplicitVR, source: source)
        return try parser.items(of: element, tag: tag).map {
            DICOMDataSet(source: source, transferSyntaxUID: transferSyntaxUID, syntax: syntax, reader: reader, elements: $0)
        }
    }

    /// The first item of a sequence (functional group macros hold one).
    func item(_ tag: DICOMTag) throws(ImagingError) -> DICOMDataSet? { try items(tag).first }

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
