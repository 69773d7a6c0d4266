/// Opens any supported file (DICOM, NIfTI-1/2 plain or gzipped, PNG, JPEG) by content, not by extension, and
/// returns it as an `ImageVolume` of physical values (rescaled, MONOCHROME1 inverted so bright means dense).
public enum ImageLoader {
    public enum Format: String, Sendable {
        case dicom, nifti, nrrd, png, jpeg
    }

    public static func detectFormat(_ bytes: [UInt8]) -> Format {
        if bytes.starts(with: pngSignature) { return .png }
        // SOI then any marker: JFIF, Exif and bare JPEG files alike.
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x1F, 0x8B]) { return .nifti }
        if bytes.starts(with: NRRDReader.magic) { return .nrrd }
        if bytes.count >= 348 {
            let magic = Array(bytes[344..<347])
            if magic == Array("n+1".utf8) || magic == Array("ni1".utf8) { return .nifti }
        }
        if bytes.count >= 12, Array(bytes[4..<7]) == Array("n+2".utf8) { return .nifti }
        return .dicom
    }

    public static func load(path: String) throws(ImagingError) -> ImageVolume {
        try load(readFileBytes(path), source: path)
    }

    public static func load(_ bytes: [UInt8], source: String = "<memory>") throws(ImagingError) -> ImageVolume {
        switch detectFormat(bytes) {
        case .png: return try volume(from: PNGDecoder.decode(bytes, source: source))
        case .jpeg: return try JPEGFileReader.read(bytes, source: source)
        case .nifti: return try NIfTIReader.read(bytes, source: source).volume()
        case .nrrd: return try NRRDReader.read(bytes, source: source)
        case .dicom:
            do {
                return try DICOMReader.readVolume(bytes, source: source)
            } catch .wrongMagic(let file, _, let found) {
                // DICOM is only the fallback guess, so name every format that was tried.
                throw .wrongMagic(file: file, format: "DICOM, NIfTI, NRRD, PNG or JPEG", found: found)
            }
        }
    }

    /// PNG samples as stored; alpha is dropped because segmentation works on intensity.
    public static func volume(from png: PNGImage) -> ImageVolume {
        let colour = png.channels >= 3 ? 3 : 1
        let count = png.width * png.height
        var pixels = [Float](repeating: 0, count: count * colour)
        func fill<T: BinaryInteger>(_ values: [T]) {
            for pixel in 0..<count {
                for channel in 0..<colour { pixels[pixel * colour + channel] = Float(values[pixel * png.channels + channel]) }
            }
        }
        switch png.samples {
        case .uint8(let values): fill(values)
        case .uint16(let values): fill(values)
        }
        return ImageVolume(width: png.width, height: png.height, channels: colour, pixels: pixels)
    }

    public static func volume(from dicom: DICOMInstance) throws(ImagingError) -> ImageVolume {
        try volume(rescaled: dicom.rescaledPixels(), header: dicom.header, rows: dicom.rows, columns: dicom.columns,
                   frames: dicom.frames, samplesPerPixel: dicom.samplesPerPixel, photometric: dicom.photometric,
                   bitsStored: dicom.bitsStored)
    }

    /// Applies the photometric interpretation to rescaled DICOM values and attaches the geometry.
    static func volume(rescaled: [Float], header: DICOMHeader, rows: Int, columns: Int, frames: Int,
                       samplesPerPixel: Int, photometric: String, bitsStored: Int) throws(ImagingError) -> ImageVolume {
        var pixels = rescaled
        switch photometric {
        case "MONOCHROME1":
            // Inverted grey scale (PS3.3 C.7.6.3.1.2): flip within the observed range so air stays dark.
            if let low = pixels.min(), let high = pixels.max() {
                for i in pixels.indices { pixels[i] = high + low - pixels[i] }
            }
        case "YBR_FULL", "YBR_FULL_422":
            ColourConversion.ybrFullToRGB(&pixels, maximum: Float((1 << bitsStored) - 1))
        case "PALETTE COLOR":
            throw .unsupported(file: header.source, field: "PhotometricInterpretation (0028,0004)",
                               value: "PALETTE COLOR", fix: "Have the PACS convert the series to RGB or MONOCHROME2.")
        default:
            break
        }
        let geometry = DICOMVolumeGeometry(header.geometry, sliceSpacing: nil)
        return ImageVolume(width: columns, height: rows, depth: frames, channels: samplesPerPixel, pixels: pixels,
                           spacing: geometry.spacing, affine: geometry.affine, modality: header.modality)
    }
}
