/// The Image Pixel module (PS3.3 C.7.6.3), validated before any pixel buffer is allocated.
struct DICOMImageAttributes: Sendable {
    let rows: Int
    let columns: Int
    let frames: Int
    let samplesPerPixel: Int
    let bitsAllocated: Int
    let bitsStored: Int
    let highBit: Int
    let isSigned: Bool
    let planarConfiguration: Int
    let photometric: String

    var bytesPerSample: Int { max(1, bitsAllocated / 8) }

    /// Samples per frame once decoded (4:2:2 data is upsampled to three samples per pixel).
    var samplesPerFrame: Int { rows * columns * samplesPerPixel }

    /// Bytes of one frame as stored; 4:2:2 subsampling stores two samples per pixel instead of three.
    var storedFrameBytes: Int {
        let perPixel = photometric == "YBR_FULL_422" ? 2 : samplesPerPixel
        return rows * columns * perPixel * bytesPerSample
    }

    /// Bytes of all frames as stored (bit-packed frames follow each other without byte alignment); nil if the
    /// header's product overflows, which no real file does.
    var storedByteCount: Int? {
        if bitsAllocated == 1 {
            return checkedProduct([rows * columns * samplesPerPixel, frames]).map { ($0 + 7) / 8 }
        }
        return checkedProduct([storedFrameBytes, frames])
    }

    init(_ set: DICOMDataSet) throws(ImagingError) {
        let file = set.source
        rows = try set.uint16(.rows, name: "Rows")
        columns = try set.uint16(.columns, name: "Columns")
        samplesPerPixel = try set.optionalUInt16(.samplesPerPixel, name: "SamplesPerPixel") ?? 1
        bitsAllocated = try set.uint16(.bitsAllocated, name: "BitsAllocated")
        bitsStored = try set.optionalUInt16(.bitsStored, name: "BitsStored") ?? bitsAllocated
        highBit = try set.optionalUInt16(.highBit, name: "HighBit") ?? (bitsStored - 1)
        isSigned = try set.optionalUInt16(.pixelRepresentation, name: "PixelRepresentation") == 1
        planarConfiguration = try set.optionalUInt16(.planarConfiguration, name: "PlanarConfiguration") ?? 0
        photometric = set.string(.photometricInterpretation) ?? (samplesPerPixel == 3 ? "RGB" : "MONOCHROME2")
        let frameText = set.string(.numberOfFrames) ?? ""
        frames = frameText.isEmpty ? 1 : (Int(frameText) ?? -1)

        guard rows > 0, columns > 0 else {
            throw .invalidField(file: file, field: "Rows x Columns (0028,0010/0011)", value: "\(rows)x\(columns)",
                                fix: "An image needs at least one pixel; re-export it from the modality or PACS.")
        }
        guard frames >= 1 else {
            throw .invalidField(file: file, field: "NumberOfFrames (0028,0008)", value: frameText,
                                fix: "NumberOfFrames must be a positive integer; re-export the image.")
        }
        guard [8, 16, 32].contains(bitsAllocated) || (bitsAllocated == 1 && samplesPerPixel == 1 && !isSigned) else {
            throw .unsupported(file: file, field: "BitsAllocated (0028,0100)", value: String(bitsAllocated),
                               fix: "Only 1 (unsigned grey), 8, 16 and 32 bits per sample are read; convert the "
                                   + "image (e.g. dcmtk `dcmconv`) or export it as 8/16-bit.")
        }
        guard bitsStored >= 1, bitsStored <= bitsAllocated, highBit >= bitsStored - 1, highBit < bitsAllocated else {
            throw .invalidField(file: file, field: "BitsStored/HighBit (0028,0101/0102)",
                                value: "\(bitsStored)/\(highBit) with BitsAllocated \(bitsAllocated)",
                                fix: "Stored bits must fit the allocated bits; the header is corrupt, re-export it.")
        }
        guard planarConfiguration == 0 || planarConfiguration == 1 else {
            throw .invalidField(file: file, field: "PlanarConfiguration (0028,0006)", value: String(planarConfiguration),
                                fix: "Must be 0 (interleaved) or 1 (planar); re-export the image.")
        }
        let expectedSamples: [String: Int] = [
            "MONOCHROME1": 1, "MONOCHROME2": 1, "PALETTE COLOR": 1, "RGB": 3, "YBR_FULL": 3, "YBR_FULL_422": 3,
            // JPEG 2000's component transforms, undone by the decoder (PS3.5 8.2.4).
            "YBR_ICT": 3, "YBR_RCT": 3,
        ]
        guard let needed = expectedSamples[photometric] else {
            throw .unsupported(file: file, field: "PhotometricInterpretation (0028,0004)", value: photometric,
                               fix: "Supported: MONOCHROME1/2, PALETTE COLOR, RGB, YBR_FULL(_422); have the PACS "
                                   + "convert the image to RGB or MONOCHROME2.")
        }
        guard needed == samplesPerPixel else {
            throw .invalidField(file: file, field: "SamplesPerPixel (0028,0002)", value: String(samplesPerPixel),
                                fix: "\(photometric) needs \(needed) samples per pixel; the header is corrupt, "
                                    + "re-export the image.")
        }
        if photometric == "YBR_FULL_422" && !set.syntax.isEncapsulated && (columns % 2 != 0 || planarConfiguration != 0) {
            throw .invalidField(file: file, field: "Columns/PlanarConfiguration for YBR_FULL_422",
                                value: "\(columns)/\(planarConfiguration)",
                                fix: "4:2:2 data needs an even width and interleaved samples; re-export the image.")
        }
    }
}
