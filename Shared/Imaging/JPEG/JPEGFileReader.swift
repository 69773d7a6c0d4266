import CCodecs

/// Plain `.jpg`/`.jpeg` files, as many public data sets ship them: 8-bit grey or colour through Debian's
/// libjpeg-turbo, colour converted to RGB (JFIF YCbCr), the size checked against the decode budget first.
enum JPEGFileReader {
    static func read(_ bytes: [UInt8], source: String,
                     budget: Int = DecodeBudget.maximumBytes) throws(ImagingError) -> ImageVolume {
        let header: CodestreamFrame
        do { header = try FrameCodec.libraryHeader(bytes, ss_jpeg_header) } catch {
            throw .corruptCompressedData(file: source, field: "JPEG header", detail: error.reason)
        }
        let (width, height, components) = (header.width, header.height, header.components)
        guard components == 1 || components == 3 else {
            throw .unsupported(file: source, field: "JPEG components", value: String(components),
                               fix: "Only grey (1) and colour (3) JPEG files are read; convert CMYK images to RGB.")
        }
        // The samples, and the Float volume made of them.
        try DecodeBudget.require(checkedProduct([width, height, components, 4]), file: source,
                                 field: "JPEG of \(width)x\(height)x\(components)", budget: budget)
        var samples = [UInt8](repeating: 0, count: width * height * components)
        var message = [CChar](repeating: 0, count: Int(SS_MESSAGE_SIZE))
        let status = samples.withUnsafeMutableBytes { buffer in
            ss_jpeg_decode(bytes, bytes.count, 1, buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count,
                           &message)
        }
        guard status == 0 else {
            throw .corruptCompressedData(file: source, field: "JPEG image data", detail: FrameCodec.text(message))
        }
        return ImageVolume(width: width, height: height, channels: components, pixels: samples.map(Float.init))
    }
}
