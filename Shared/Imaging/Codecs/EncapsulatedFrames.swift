/// Groups the fragments of encapsulated Pixel Data into frames (PS3.5 A.4): by the Extended Offset Table when
/// present, else the Basic Offset Table, else one fragment per frame when the counts agree, else by where each
/// codestream starts. A single-frame image is all its fragments in order.
enum EncapsulatedFrames {
    /// `fragments[0]` is the Basic Offset Table item; the rest hold the codestreams.
    static func split(_ set: DICOMDataSet, fragments: [Range<Int>], frames: Int,
                      codec: FrameCodec) throws(ImagingError) -> [[UInt8]] {
        let data = Array(fragments.dropFirst())
        guard !data.isEmpty else {
            throw .invalidField(file: set.source, field: "PixelData (7FE0,0010)", value: "no fragments",
                                fix: "Encapsulated pixel data holds no codestream; the file is truncated, re-export it.")
        }
        let bytes = set.reader.bytes
        if let table = try extendedOffsets(set) {
            return try byOffsets(set, data, offsets: table.offsets, lengths: table.lengths, frames: frames,
                                 field: "Extended Offset Table (7FE0,0001)")
        }
        if let first = fragments.first, !first.isEmpty {
            let offsets = try basicOffsets(set, first)
            return try byOffsets(set, data, offsets: offsets, lengths: nil, frames: frames,
                                 field: "Basic Offset Table")
        }
        if frames == 1 { return [data.flatMap { bytes[$0] }] }
        if data.count == frames { return data.map { Array(bytes[$0]) } }
        var grouped: [[UInt8]] = []
        for fragment in data {
            if codec.startsCodestream(bytes[fragment]) || grouped.isEmpty {
                grouped.append(Array(bytes[fragment]))
            } else {
                grouped[grouped.count - 1] += bytes[fragment]
            }
        }
        guard grouped.count == frames else {
            throw .invalidField(file: set.source, field: "PixelData (7FE0,0010) fragments",
                                value: "\(grouped.count) codestreams for NumberOfFrames \(frames)",
                                fix: "Each frame must be one codestream; the file is corrupt or truncated, re-export it.")
        }
        return grouped
    }

    private static func basicOffsets(_ set: DICOMDataSet, _ table: Range<Int>) throws(ImagingError) -> [Int] {
        guard table.count % 4 == 0 else {
            throw .invalidField(file: set.source, field: "Basic Offset Table", value: "\(table.count) bytes",
                                fix: "The table holds 32-bit offsets; the file is corrupt, re-export it.")
        }
        var offsets: [Int] = []
        for at in stride(from: table.lowerBound, to: table.upperBound, by: 4) {
            offsets.append(Int(try set.reader.u32(at, field: "Basic Offset Table")))
        }
        return offsets
    }

    private static func extendedOffsets(_ set: DICOMDataSet) throws(ImagingError) -> (offsets: [Int], lengths: [Int])? {
        guard let offsets = set.value(.extendedOffsetTable), let lengths = set.value(.extendedOffsetTableLengths) else {
            return nil
        }
        func words(_ slice: ArraySlice<UInt8>, _ field: String) throws(ImagingError) -> [Int] {
            guard slice.count % 8 == 0 else {
                throw .invalidField(file: set.source, field: field, value: "\(slice.count) bytes",
                                    fix: "The table holds 64-bit values; the file is corrupt, re-export it.")
            }
            var values: [Int] = []
            for at in stride(from: slice.startIndex, to: slice.endIndex, by: 8) {
                let low = UInt64(try set.reader.u32(at, field: field))
                let high = UInt64(try set.reader.u32(at + 4, field: field))
                guard high < 1 << 31 else {
                    throw .invalidField(file: set.source, field: field, value: String(high << 32 | low),
                                        fix: "The offset is larger than any file; the table is corrupt, re-export it.")
                }
                values.append(Int(high << 32 | low))
            }
            return values
        }
        return (try words(offsets, "Extended Offset Table (7FE0,0001)"),
                try words(lengths, "Extended Offset Table Lengths (7FE0,0002)"))
    }

    /// Offsets count from the first byte of the first fragment's item tag (8 bytes before its value).
    private static func byOffsets(_ set: DICOMDataSet, _ data: [Range<Int>], offsets: [Int], lengths: [Int]?,
                                  frames: Int, field: String) throws(ImagingError) -> [[UInt8]] {
        guard offsets.count == frames, lengths.map({ $0.count == frames }) ?? true else {
            throw .invalidField(file: set.source, field: field, value: "\(offsets.count) entries",
                                fix: "Expected one per frame (\(frames)); the file is corrupt, re-export it.")
        }
        let base = data[0].lowerBound - 8
        var startIndex: [Int: Int] = [:]
        for (index, fragment) in data.enumerated() { startIndex[fragment.lowerBound - 8 - base] = index }
        var result: [[UInt8]] = []
        for frame in 0..<frames {
            guard let first = startIndex[offsets[frame]] else {
                throw .invalidField(file: set.source, field: field, value: "offset \(offsets[frame]) of frame \(frame)",
                                    fix: "It points at no fragment; the file is corrupt, re-export it.")
            }
            let next = frame + 1 < frames ? startIndex[offsets[frame + 1]] ?? data.count : data.count
            guard next > first else {
                throw .invalidField(file: set.source, field: field, value: "offsets not increasing at frame \(frame)",
                                    fix: "The table is corrupt; re-export the file.")
            }
            var bytes = data[first..<next].flatMap { set.reader.bytes[$0] }
            if let lengths {
                guard lengths[frame] <= bytes.count else {
                    throw .implausibleSize(file: set.source, field: "\(field) length of frame \(frame)",
                                           claimedBytes: lengths[frame], availableBytes: bytes.count)
                }
                bytes.removeLast(bytes.count - lengths[frame])
            }
            result.append(bytes)
        }
        return result
    }
}
