/// One top-level element: where its value lies in the data set bytes. Encapsulated pixel data keeps the byte
/// ranges of its items instead (offset table first).
struct DICOMElement: Sendable {
    let vr: String
    let offset: Int
    let length: Int
    let fragments: [Range<Int>]?
}

/// Walks the element stream of one encoding (PS3.5 section 7). Sequences are validated and skipped, not kept:
/// nothing ScanSelect needs lives inside them, and skipping keeps the parser small.
struct DICOMElementParser {
    let reader: ByteReader
    let explicitVR: Bool
    let source: String

    /// Nesting deeper than any real data set; bounds recursion on hostile input.
    private static let maxDepth = 32
    private static let undefinedLength = 0xFFFF_FFFF

    init(bytes: [UInt8], explicitVR: Bool, bigEndian: Bool, source: String) {
        self.init(reader: ByteReader(bytes, source: source, bigEndian: bigEndian), explicitVR: explicitVR, source: source)
    }

    init(reader: ByteReader, explicitVR: Bool, source: String) {
        self.reader = reader
        self.explicitVR = explicitVR
        self.source = source
    }

    struct Header {
        let tag: DICOMTag
        let vr: String
        let length: Int
        let valueOffset: Int
    }

    func header(at offset: Int) throws(ImagingError) -> Header {
        let tag = DICOMTag(try reader.u16(offset, field: "element tag group"),
                           try reader.u16(offset + 2, field: "element tag element"))
        if tag.group == 0xFFFE || !explicitVR {
            let length = Int(try reader.u32(offset + 4, field: "length of \(tag)"))
            return Header(tag: tag, vr: "", length: length, valueOffset: offset + 8)
        }
        let vrBytes = try reader.slice(offset + 4, 2, field: "VR of \(tag)")
        let vr = String(decoding: vrBytes, as: UTF8.self)
        guard DICOMVR.known.contains(vr) else {
            throw .unknownVR(file: source, tag: tag.description, vr: hexPreview(vrBytes))
        }
        if DICOMVR.longLength.contains(vr) {
            let length = Int(try reader.u32(offset + 8, field: "length of \(tag)"))
            return Header(tag: tag, vr: vr, length: length, valueOffset: offset + 12)
        }
        let length = Int(try reader.u16(offset + 6, field: "length of \(tag)"))
        return Header(tag: tag, vr: vr, length: length, valueOffset: offset + 8)
    }

    /// Reads top-level elements from `start` while `include` accepts the tag, stopping after Pixel Data because
    /// only padding and signatures may follow it. Returns the elements and the offset where reading stopped.
    func parseTopLevel(from start: Int, include: (DICOMTag) -> Bool) throws(ImagingError)
        -> (elements: [DICOMTag: DICOMElement], end: Int) {
        var elements: [DICOMTag: DICOMElement] = [:]
        var offset = start
        while offset < reader.count {
            let group = try reader.u16(offset, field: "element tag group")
            let element = try reader.u16(offset + 2, field: "element tag element")
            guard include(DICOMTag(group, element)) else { break }
            let head = try header(at: offset)
            if head.tag == .pixelData && head.length == Self.undefinedLength {
                let (fragments, end) = try encapsulatedFragments(from: head.valueOffset)
                elements[head.tag] = DICOMElement(vr: head.vr, offset: head.valueOffset, length: 0, fragments: fragments)
                return (elements, end)
            }
            let end = try skipValue(head, depth: 0)
            elements[head.tag] = DICOMElement(vr: head.vr, offset: head.valueOffset,
                                              length: end - head.valueOffset, fragments: nil)
            offset = end
            if head.tag == .pixelData { break }
        }
        return (elements, offset)
    }

    /// The items of a sequence element as element maps, for the few sequences ScanSelect reads (a SEG's segments
    /// and functional groups). Nested sequences inside an item are kept as elements, read again the same way.
    func items(of element: DICOMElement, tag: DICOMTag) throws(ImagingError) -> [[DICOMTag: DICOMElement]] {
        let end = element.offset + element.length
        try reader.require(element.offset, element.length, field: "sequence \(tag)")
        var offset = element.offset
        var items: [[DICOMTag: DICOMElement]] = []
        while offset + 8 <= end {
            let (item, length) = try itemHeader(at: offset)
            offset += 8
            if item == .sequenceDelimitation { break }
            guard item == .item else {
                throw .invalidField(file: source, field: "item of sequence \(tag)", value: item.description,
                                    fix: "Sequences hold only items; the data set is corrupt, re-export it.")
            }
            let itemEnd = length == Self.undefinedLength ? end : offset + length
            guard itemEnd <= end else {
                throw .truncated(file: source, field: "item of sequence \(tag)", needed: itemEnd, available: end)
            }
            var elements: [DICOMTag: DICOMElement] = [:]
            while offset < itemEnd {
                let head = try header(at: offset)
                if head.tag == .itemDelimitation {
                    offset = head.valueOffset
                    break
                }
                let valueEnd = try skipValue(head, depth: 1)
                guard valueEnd <= itemEnd else {
                    throw .truncated(file: source, field: "value of \(head.tag) in \(tag)", needed: valueEnd, available: itemEnd)
                }
                elements[head.tag] = DICOMElement(vr: head.vr, offset: head.valueOffset, length: valueEnd - head.valueOffset,
                                                  fragments: nil)
                offset = valueEnd
            }
            items.append(elements)
        }
        return items
    }

    /// Offset just past the element's value, walking undefined-length sequences item by item.
    private func skipValue(_ head: Header, depth: Int) throws(ImagingError) -> Int {
        guard head.length == Self.undefinedLength else {
            try reader.require(head.valueOffset, head.length, field: "value of \(head.tag)")
            return head.valueOffset + head.length
        }
        guard head.vr == "SQ" || head.vr == "UN" || head.vr == "" else {
            throw .invalidField(file: source, field: "length of \(head.tag)", value: "undefined (FFFFFFFF)",
                                fix: "Only sequences may have undefined length with VR \(head.vr); the data set is "
                                    + "corrupt, re-export it.")
        }
        // PS3.5 section 6.2.2: an undefined-length UN is a sequence encoded as Implicit VR Little Endian.
        let nested = head.vr == "UN"
            ? DICOMElementParser(bytes: reader.bytes, explicitVR: false, bigEndian: false, source: source)
            : self
        return try nested.skipSequence(from: head.valueOffset, tag: head.tag, depth: depth + 1)
    }

    private func skipSequence(from start: Int, tag: DICOMTag, depth: Int) throws(ImagingError) -> Int {
        guard depth <= Self.maxDepth else {
            throw .invalidField(file: source, field: "sequence \(tag) nesting", value: "deeper than \(Self.maxDepth)",
                                fix: "The data set is corrupt; re-export it.")
        }
        var offset = start
        while true {
            let (item, length) = try itemHeader(at: offset)
            offset += 8
            if item == .sequenceDelimitation { return offset }
            guard item == .item else {
                throw .invalidField(file: source, field: "item of sequence \(tag)", value: item.description,
                                    fix: "Sequences hold only items; the data set is corrupt, re-export it.")
            }
            if length == Self.undefinedLength {
                offset = try skipItemElements(from: offset, depth: depth)
            } else {
                try reader.require(offset, length, field: "item of \(tag)")
                offset += length
            }
        }
    }

    private func skipItemElements(from start: Int, depth: Int) throws(ImagingError) -> Int {
        var offset = start
        while true {
            let head = try header(at: offset)
            if head.tag == .itemDelimitation { return head.valueOffset }
            offset = try skipValue(head, depth: depth)
        }
    }

    /// Items of encapsulated pixel data (PS3.5 A.4): the basic offset table, then the fragments.
    private func encapsulatedFragments(from start: Int) throws(ImagingError) -> ([Range<Int>], Int) {
        var fragments: [Range<Int>] = []
        var offset = start
        while true {
            let (item, length) = try itemHeader(at: offset)
            offset += 8
            if item == .sequenceDelimitation { return (fragments, offset) }
            guard item == .item, length != Self.undefinedLength else {
                throw .invalidField(file: source, field: "encapsulated pixel data item", value: item.description,
                                    fix: "Fragments must be items of defined length; the file is corrupt, re-export it.")
            }
            try reader.require(offset, length, field: "pixel data fragment")
            fragments.append(offset..<(offset + length))
            offset += length
        }
    }

    /// Tag and 32-bit length of an item or delimiter (these never carry a VR, PS3.5 section 7.5).
    private func itemHeader(at offset: Int) throws(ImagingError) -> (DICOMTag, Int) {
        let tag = DICOMTag(try reader.u16(offset, field: "item tag"), try reader.u16(offset + 2, field: "item tag"))
        return (tag, Int(try reader.u32(offset + 4, field: "length of item \(tag)")))
    }
}
