/// Decodes every frame of encapsulated Pixel Data into interleaved little-endian samples of BitsAllocated width.
/// Each codestream's declared geometry is checked against the DICOM header, and the total against the decode
/// budget, before the output is allocated; a decoder's complaint becomes a typed error naming file and frame.
enum EncapsulatedDecoder {
    struct Decoded {
        let bytes: [UInt8]
        /// What the samples are once decoded: JPEG 2000's YBR_ICT/YBR_RCT come out as RGB (the decoder undoes the
        /// component transform), 4:2:2 DCT colour as YBR_FULL (upsampled), everything else as the header says —
        /// the values GDCM and pydicom return.
        let photometric: String
    }

    static func decode(_ set: DICOMDataSet, _ image: DICOMImageAttributes, codec: FrameCodec,
                       fragments: [Range<Int>], budget: Int = DecodeBudget.maximumBytes) throws(ImagingError) -> Decoded {
        let source = set.source
        let width = image.bytesPerSample
        guard image.bitsAllocated == 8 || image.bitsAllocated == 16 else {
            throw .unsupported(file: source, field: "BitsAllocated (0028,0100) with \(codec.name)",
                               value: String(image.bitsAllocated),
                               fix: "Compressed frames are read at 8 or 16 bits; have the PACS send Explicit VR Little Endian.")
        }
        let frameSamples = image.rows * image.columns * image.samplesPerPixel
        // The samples, and the Float copy ingest makes of them (4 bytes each, so the samples themselves fit too).
        try DecodeBudget.require(checkedProduct([frameSamples, image.frames, 4]), file: source,
                                 field: "decoded PixelData of \(image.rows)x\(image.columns)x\(image.frames) frames",
                                 budget: budget)
        let frames = try EncapsulatedFrames.split(set, fragments: fragments, frames: image.frames, codec: codec)
        var headers: [CodestreamFrame] = []
        for (index, frame) in frames.enumerated() {
            let header: CodestreamFrame
            do { header = try codec.frameHeader(frame) } catch {
                throw .corruptCompressedData(file: source, field: "\(codec.name) frame \(index)", detail: error.reason)
            }
            try check(header, against: image, codec: codec, frame: index, source: source)
            headers.append(header)
        }
        let frameBytes = frameSamples * width
        var output = [UInt8](repeating: 0, count: frameSamples * width * image.frames)
        for (index, frame) in frames.enumerated() {
            let header = headers[index]
            let libraryWidth = codec.libraryBytesPerSample(header, allocated: width)
            let range = (index * frameBytes)..<((index + 1) * frameBytes)
            let outcome: Result<Void, CodecFailure>
            if libraryWidth == width {
                outcome = output.withUnsafeMutableBytes { all in
                    Result { () throws(CodecFailure) in
                        try codec.decode(frame, header: header, bytesPerSample: width,
                                         into: UnsafeMutableRawBufferPointer(rebasing: all[range]))
                    }
                }
            } else {
                // CharLS writes one byte per sample up to 8 bits; widen into the allocated 16.
                var narrow = [UInt8](repeating: 0, count: frameSamples)
                outcome = narrow.withUnsafeMutableBytes { buffer in
                    Result { () throws(CodecFailure) in
                        try codec.decode(frame, header: header, bytesPerSample: 1, into: buffer)
                    }
                }
                for sample in 0..<frameSamples { output[range.lowerBound + sample * width] = narrow[sample] }
            }
            if case .failure(let failure) = outcome {
                throw .corruptCompressedData(file: source, field: "\(codec.name) frame \(index)", detail: failure.reason)
            }
        }
        return Decoded(bytes: output, photometric: decodedPhotometric(image, codec: codec))
    }

    private static func check(_ header: CodestreamFrame, against image: DICOMImageAttributes, codec: FrameCodec,
                              frame: Int, source: String) throws(ImagingError) {
        guard header.width == image.columns, header.height == image.rows,
              header.components == image.samplesPerPixel, !header.subsampled else {
            throw .invalidField(file: source, field: "\(codec.name) frame \(frame)",
                                value: "\(header.width)x\(header.height), \(header.components) components"
                                    + (header.subsampled ? " (subsampled)" : ""),
                                fix: "The header says \(image.columns)x\(image.rows) with \(image.samplesPerPixel) "
                                    + "samples per pixel; the file is inconsistent, re-export it.")
        }
        guard header.bitsPerSample >= 1, header.bitsPerSample <= image.bitsAllocated else {
            throw .invalidField(file: source, field: "\(codec.name) frame \(frame) precision",
                                value: "\(header.bitsPerSample) bits",
                                fix: "It exceeds BitsAllocated \(image.bitsAllocated); the file is inconsistent, re-export it.")
        }
    }

    private static func decodedPhotometric(_ image: DICOMImageAttributes, codec: FrameCodec) -> String {
        switch image.photometric {
        case "YBR_ICT", "YBR_RCT": return "RGB"
        case "YBR_FULL_422", "YBR_PARTIAL_420": return "YBR_FULL"
        default: return image.photometric
        }
    }
}

extension FrameCodec {
    /// Name used in errors and the README's conformance table.
    var name: String {
        switch self {
        case .jpegDCT: return "JPEG (DCT)"
        case .jpegLossless: return "JPEG Lossless"
        case .jpegLS: return "JPEG-LS"
        case .jpeg2000: return "JPEG 2000"
        }
    }
}
