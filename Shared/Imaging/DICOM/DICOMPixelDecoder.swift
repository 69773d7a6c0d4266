/// Turns the Pixel Data element into stored values: native (uncompressed) data in either byte order, RLE
/// Lossless, and the encapsulated JPEG family (`EncapsulatedDecoder`). Sizes are checked against the bytes
/// actually present, or the decode budget, before any output is allocated.
enum DICOMPixelDecoder {
    /// Stored values, typed by BitsAllocated and PixelRepresentation, and the photometric interpretation they
    /// are in (a colour JPEG decodes to RGB whatever the header says the codestream holds).
    static func decode(_ set: DICOMDataSet, _ image: DICOMImageAttributes) throws(ImagingError)
        -> (pixels: DICOMPixels, photometric: String) {
        let samples = try locate(set, image)
        if let bits = samples.unpackedBits { return (.uint8(bits), samples.photometric) }
        return (withSampleType(image, TypedValues(samples: samples, image: image)), samples.photometric)
    }

    /// `slope * stored + intercept` as Float in one pass, without materialising the typed values; ingest needs
    /// nothing else, and skipping the intermediate array is most of the decode time for large images.
    static func decodeRescaled(_ set: DICOMDataSet, _ image: DICOMImageAttributes, slope: Double,
                               intercept: Double) throws(ImagingError) -> (values: [Float], photometric: String) {
        let samples = try locate(set, image)
        let rescale = ModalityRescale(slope: slope, intercept: intercept)
        if let bits = samples.unpackedBits { return (bits.map(rescale.callAsFunction), samples.photometric) }
        return (withSampleType(image, RescaledValues(samples: samples, image: image, rescale: rescale)),
                samples.photometric)
    }

    /// Where the stored samples of all frames lie once decompressed and rearranged to interleaved order.
    struct StoredSamples {
        let bytes: [UInt8]
        let offset: Int
        let bigEndian: Bool
        let count: Int
        /// One byte per pixel for BitsAllocated 1, already unpacked.
        let unpackedBits: [UInt8]?
        let photometric: String

        init(bytes: [UInt8], offset: Int = 0, bigEndian: Bool = false, count: Int, unpackedBits: [UInt8]? = nil,
             photometric: String) {
            self.bytes = bytes
            self.offset = offset
            self.bigEndian = bigEndian
            self.count = count
            self.unpackedBits = unpackedBits
            self.photometric = photometric
        }
    }

    private static func locate(_ set: DICOMDataSet, _ image: DICOMImageAttributes) throws(ImagingError) -> StoredSamples {
        guard let element = set.elements[.pixelData] else {
            throw .invalidField(file: set.source, field: "PixelData (7FE0,0010)", value: "missing",
                                fix: "This DICOM object holds no image (it may be a report, plan or structure set); "
                                    + "send only image series.")
        }
        guard let total = image.storedByteCount else {
            throw .implausibleSize(file: set.source, field: "Rows x Columns x NumberOfFrames", claimedBytes: Int.max,
                                   availableBytes: set.reader.count)
        }
        let count = image.samplesPerFrame * image.frames
        // Native data is bounded by the file's bytes too; this bounds the Float copy and the RLE output.
        try DecodeBudget.require(checkedProduct([image.samplesPerFrame, image.frames, 4]), file: set.source,
                                 field: "PixelData of \(image.rows)x\(image.columns)x\(image.frames) frames")
        if set.syntax == .rleLossless {
            let bytes = try DICOMRLEDecoder.decode(set, image, fragments: element.fragments ?? [], total: total)
            return StoredSamples(bytes: bytes, count: count, photometric: image.photometric)
        }
        if case let .compressed(_, codec) = set.syntax {
            let decoded = try EncapsulatedDecoder.decode(set, image, codec: codec, fragments: element.fragments ?? [])
            return StoredSamples(bytes: decoded.bytes, count: count, photometric: decoded.photometric)
        }
        guard element.fragments == nil else {
            throw .invalidField(file: set.source, field: "PixelData (7FE0,0010)", value: "encapsulated",
                                fix: "Uncompressed transfer syntaxes store pixel data natively; the file is "
                                    + "corrupt, re-export it.")
        }
        // Odd-length data may lack its trailing pad byte; anything shorter is missing pixels.
        guard element.length >= total else {
            throw .implausibleSize(file: set.source, field: "PixelData (7FE0,0010) for \(image.rows)x"
                                       + "\(image.columns)x\(image.frames) frames",
                                   claimedBytes: total, availableBytes: element.length)
        }
        let stored = try set.reader.slice(element.offset, total, field: "PixelData")
        let bigEndian = set.syntax.isBigEndian
        if image.bitsAllocated == 1 {
            return StoredSamples(bytes: [], count: count, unpackedBits: unpackBits(stored, image),
                                 photometric: image.photometric)
        }
        // Rearranging moves whole samples, so byte order is still fixed up while loading.
        if image.photometric == "YBR_FULL_422" {
            return StoredSamples(bytes: upsample422(Array(stored), image), bigEndian: bigEndian, count: count,
                                 photometric: image.photometric)
        }
        if image.samplesPerPixel > 1 && image.planarConfiguration == 1 {
            return StoredSamples(bytes: interleave(Array(stored), image), bigEndian: bigEndian, count: count,
                                 photometric: image.photometric)
        }
        // The common case reads straight from the file bytes, without an intermediate copy.
        return StoredSamples(bytes: set.reader.bytes, offset: element.offset, bigEndian: bigEndian, count: count,
                             photometric: image.photometric)
    }

    /// Bit-packed binary images (segmentations, overlays): least significant bit first, PS3.5 section 8.1.1.
    private static func unpackBits(_ bytes: ArraySlice<UInt8>, _ image: DICOMImageAttributes) -> [UInt8] {
        let count = image.rows * image.columns * image.frames
        let base = bytes.startIndex
        return (0..<count).map { bit in (bytes[base + bit >> 3] >> UInt8(bit & 7)) & 1 }
    }

    /// PS3.3 C.7.6.3.1.2: Y1 Y2 Cb Cr → Y1 Cb Cr Y2 Cb Cr (pydicom does the same, without colour conversion).
    private static func upsample422(_ bytes: [UInt8], _ image: DICOMImageAttributes) -> [UInt8] {
        let width = image.bytesPerSample
        var out = [UInt8](repeating: 0, count: bytes.count / 2 * 3)
        let groups = bytes.count / (4 * width)
        for group in 0..<groups {
            let input = group * 4 * width, output = group * 6 * width
            for byte in 0..<width {
                let y1 = bytes[input + byte], y2 = bytes[input + width + byte]
                let cb = bytes[input + 2 * width + byte], cr = bytes[input + 3 * width + byte]
                out[output + byte] = y1
                out[output + width + byte] = cb
                out[output + 2 * width + byte] = cr
                out[output + 3 * width + byte] = y2
                out[output + 4 * width + byte] = cb
                out[output + 5 * width + byte] = cr
            }
        }
        return out
    }

    /// Planar configuration 1 (RRR…GGG…BBB per frame) to interleaved (RGBRGB…).
    private static func interleave(_ bytes: [UInt8], _ image: DICOMImageAttributes) -> [UInt8] {
        let pixels = image.rows * image.columns, samples = image.samplesPerPixel, width = image.bytesPerSample
        var out = [UInt8](repeating: 0, count: bytes.count)
        let frameBytes = pixels * samples * width
        for frame in 0..<image.frames {
            let base = frame * frameBytes
            for sample in 0..<samples {
                for pixel in 0..<pixels {
                    let from = base + (sample * pixels + pixel) * width
                    let to = base + (pixel * samples + sample) * width
                    for byte in 0..<width { out[to + byte] = bytes[from + byte] }
                }
            }
        }
        return out
    }

    private static func withSampleType<Visitor: SampleTypeVisitor>(_ image: DICOMImageAttributes,
                                                                  _ visitor: Visitor) -> Visitor.Output {
        switch (image.bitsAllocated, image.isSigned) {
        case (8, false): return visitor.visit(UInt8.self)
        case (8, true): return visitor.visit(Int8.self)
        case (16, false): return visitor.visit(UInt16.self)
        case (16, true): return visitor.visit(Int16.self)
        case (32, false): return visitor.visit(UInt32.self)
        default: return visitor.visit(Int32.self)
        }
    }
}

/// Work done per stored sample type; Swift has no generic closures, so the type switch calls one of these.
protocol SampleTypeVisitor {
    associatedtype Output
    func visit<T: FixedWidthInteger>(_ type: T.Type) -> Output
}

extension DICOMPixelDecoder.StoredSamples {
    /// Calls `body` with each stored value, byte order fixed and bits outside BitsStored/HighBit removed
    /// (PS3.5 section 8.1.1: they may hold overlays or garbage; signed values are sign-extended).
    @inline(__always)
    func forEachValue<T: FixedWidthInteger>(_: T.Type, _ image: DICOMImageAttributes, _ body: (Int, T) -> Void) {
        let size = MemoryLayout<T>.size
        precondition(offset >= 0 && offset + count * size <= bytes.count, "pixel range was validated by the caller")
        let lowBit = image.highBit + 1 - image.bitsStored
        let unusedHigh = T.bitWidth - image.bitsStored
        let needsMask = image.bitsStored < T.bitWidth
        bytes.withUnsafeBytes { raw in
            for i in 0..<count {
                let word = raw.loadUnaligned(fromByteOffset: offset + i * size, as: T.self)
                var value = bigEndian ? T(bigEndian: word) : T(littleEndian: word)
                if needsMask {
                    if lowBit > 0 { value = T(truncatingIfNeeded: UInt64(truncatingIfNeeded: value) >> UInt64(lowBit)) }
                    // Left then right shift (arithmetic for signed T) clears or sign-extends the unused top bits.
                    value = T.isSigned ? (value << unusedHigh) >> unusedHigh : value & (T.max >> unusedHigh)
                }
                body(i, value)
            }
        }
    }
}

private struct TypedValues: SampleTypeVisitor {
    let samples: DICOMPixelDecoder.StoredSamples
    let image: DICOMImageAttributes

    func visit<T: FixedWidthInteger>(_ type: T.Type) -> DICOMPixels {
        let values = [T](unsafeUninitializedCapacity: samples.count) { buffer, initialised in
            samples.forEachValue(T.self, image) { i, value in buffer[i] = value }
            initialised = samples.count
        }
        return DICOMPixels(values)
    }
}

private struct RescaledValues: SampleTypeVisitor {
    let samples: DICOMPixelDecoder.StoredSamples
    let image: DICOMImageAttributes
    let rescale: ModalityRescale

    func visit<T: FixedWidthInteger>(_ type: T.Type) -> [Float] {
        [Float](unsafeUninitializedCapacity: samples.count) { buffer, initialised in
            samples.forEachValue(T.self, image) { i, value in buffer[i] = rescale(value) }
            initialised = samples.count
        }
    }
}
