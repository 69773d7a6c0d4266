/// RLE Lossless (PS3.5 annex G): per frame a 64-byte header, then one PackBits segment per byte plane,
/// most significant byte first for each sample.
enum DICOMRLEDecoder {
    /// Returns all frames as interleaved little-endian samples.
    static func decode(_ set: DICOMDataSet, _ image: DICOMImageAttributes, fragments: [Range<Int>],
                       total: Int) throws(ImagingError) -> [UInt8] {
        guard image.bitsAllocated >= 8 else {
            throw .unsupported(file: set.source, field: "BitsAllocated (0028,0100) with RLE",
                               value: String(image.bitsAllocated),
                               fix: "RLE of bit-packed images is not read; have the PACS send Explicit VR Little Endian.")
        }
        let frames = try frameRanges(fragments, frames: image.frames, source: set.source)
        let compressed = frames.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
        // PackBits turns 2 bytes into at most 128, so no honest stream expands more than 64:1.
        guard total <= compressed * 64 else {
            throw .implausibleSize(file: set.source, field: "RLE PixelData for \(image.rows)x\(image.columns)x"
                                       + "\(image.frames) frames", claimedBytes: total, availableBytes: compressed)
        }
        let planeSize = image.rows * image.columns
        let width = image.bytesPerSample, samples = image.samplesPerPixel
        let frameBytes = planeSize * samples * width
        var out = [UInt8](repeating: 0, count: total)
        var plane = [UInt8](repeating: 0, count: planeSize)
        for (index, pieces) in frames.enumerated() {
            var data: [UInt8] = []
            for piece in pieces { data += set.reader.bytes[piece] }
            let segments = try segmentRanges(data, expected: samples * width, frame: index, source: set.source)
            for (segment, range) in segments.enumerated() {
                try unpackBits(data[range], into: &plane, frame: index, source: set.source)
                let sample = segment / width, byteInSample = width - 1 - segment % width
                let base = index * frameBytes + sample * width + byteInSample
                let step = samples * width
                for pixel in 0..<planeSize { out[base + pixel * step] = plane[pixel] }
            }
        }
        return out
    }

    /// Groups fragments by frame: one frame may span several fragments only when the file has a single frame.
    private static func frameRanges(_ fragments: [Range<Int>], frames: Int,
                                    source: String) throws(ImagingError) -> [[Range<Int>]] {
        let data = Array(fragments.dropFirst())
        if frames == 1 && !data.isEmpty { return [data] }
        guard data.count == frames else {
            throw .invalidField(file: source, field: "RLE fragments", value: "\(data.count) for \(frames) frames",
                                fix: "Each RLE frame must be one fragment; the file is corrupt or truncated, "
                                    + "re-export it.")
        }
        return data.map { [$0] }
    }

    private static func segmentRanges(_ data: [UInt8], expected: Int, frame: Int,
                                      source: String) throws(ImagingError) -> [Range<Int>] {
        let reader = ByteReader(data, source: source)
        let count = Int(try reader.u32(0, field: "RLE header of frame \(frame)"))
        guard count == expected else {
            throw .invalidField(file: source, field: "RLE segment count of frame \(frame)", value: String(count),
                                fix: "Expected \(expected) segments (samples x bytes per sample); the file is corrupt.")
        }
        var offsets: [Int] = []
        for i in 0..<count { offsets.append(Int(try reader.u32(4 + 4 * i, field: "RLE segment offset"))) }
        offsets.append(data.count)
        var ranges: [Range<Int>] = []
        for i in 0..<count {
            guard offsets[i] >= 64, offsets[i] <= offsets[i + 1], offsets[i + 1] <= data.count else {
                throw .invalidField(file: source, field: "RLE segment \(i) offset of frame \(frame)",
                                    value: String(offsets[i]), fix: "The RLE header is corrupt; re-export the file.")
            }
            ranges.append(offsets[i]..<offsets[i + 1])
        }
        return ranges
    }

    /// PackBits: n in 0...127 copies n+1 literal bytes, n in -127...-1 repeats the next byte 1-n times,
    /// -128 is a no-op. Output beyond the plane (segment padding) is ignored; a short plane is an error.
    private static func unpackBits(_ input: ArraySlice<UInt8>, into plane: inout [UInt8], frame: Int,
                                   source: String) throws(ImagingError) {
        var at = input.startIndex, filled = 0
        let end = input.endIndex, size = plane.count
        while filled < size && at < end {
            let header = Int(Int8(bitPattern: input[at]))
            at += 1
            if header >= 0 {
                let run = min(header + 1, end - at, size - filled)
                for i in 0..<run { plane[filled + i] = input[at + i] }
                filled += run
                at += header + 1
            } else if header != -128, at < end {
                let run = min(1 - header, size - filled)
                let value = input[at]
                for i in 0..<run { plane[filled + i] = value }
                filled += run
                at += 1
            }
        }
        guard filled == size else {
            throw .truncated(file: source, field: "RLE segment of frame \(frame)", needed: size, available: filled)
        }
    }
}
