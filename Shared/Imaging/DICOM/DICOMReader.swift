/// Entry points for DICOM files: header only, decoded instance, or straight to an ingest volume.
public enum DICOMReader {
    /// The attributes before Pixel Data, read from the front of the file only: a multi-GB file or a deflate bomb
    /// costs at most `headerLimits.last` bytes here, so the drop folder can group and claim it safely.
    public static func readHeader(path: String) throws(ImagingError) -> DICOMHeader {
        for limit in headerLimits {
            let (bytes, isWhole) = try readFilePrefix(path, limit: limit)
            do {
                return DICOMHeader(try DICOMFileParser.parse(bytes, source: path, headerOnly: true))
            } catch .truncated where !isWhole {
                continue
            } catch .implausibleSize where !isWhole {
                continue
            }
        }
        throw .invalidField(file: path, field: "DICOM header", value: "larger than \(headerLimits.last ?? 0) bytes",
                            fix: "No image header is this large; the file is corrupt or not an image, re-export it.")
    }

    /// Most headers fit the first; a few carry large private sequences.
    static let headerLimits = [1 << 20, 64 << 20]

    public static func readHeader(_ bytes: [UInt8], source: String = "<memory>") throws(ImagingError) -> DICOMHeader {
        DICOMHeader(try DICOMFileParser.parse(bytes, source: source))
    }

    public static func read(path: String) throws(ImagingError) -> DICOMInstance {
        try read(readFileBytes(path), source: path)
    }

    public static func read(_ bytes: [UInt8], source: String = "<memory>") throws(ImagingError) -> DICOMInstance {
        let (set, image) = try imageDataSet(bytes, source: source)
        let (pixels, photometric) = try DICOMPixelDecoder.decode(set, image)
        return DICOMInstance(header: DICOMHeader(set), rows: image.rows, columns: image.columns, frames: image.frames,
                             samplesPerPixel: image.samplesPerPixel, photometric: photometric,
                             bitsAllocated: image.bitsAllocated, bitsStored: image.bitsStored, isSigned: image.isSigned,
                             rescaleSlope: rescaleSlope(set), rescaleIntercept: rescaleIntercept(set), pixels: pixels)
    }

    /// Straight to an ingest volume: rescaled values without keeping the stored ones.
    static func readVolume(_ bytes: [UInt8], source: String) throws(ImagingError) -> ImageVolume {
        let (set, image) = try imageDataSet(bytes, source: source)
        let (pixels, photometric) = try DICOMPixelDecoder.decodeRescaled(set, image, slope: rescaleSlope(set),
                                                                        intercept: rescaleIntercept(set))
        return try ImageLoader.volume(rescaled: pixels, header: DICOMHeader(set), rows: image.rows,
                                      columns: image.columns, frames: image.frames,
                                      samplesPerPixel: image.samplesPerPixel, photometric: photometric,
                                      bitsStored: image.bitsStored)
    }

    private static func imageDataSet(_ bytes: [UInt8], source: String) throws(ImagingError)
        -> (DICOMDataSet, DICOMImageAttributes) {
        let set = try DICOMFileParser.parse(bytes, source: source)
        if case let .unsupported(uid, name) = set.syntax {
            throw .unsupportedTransferSyntax(file: source, uid: uid, name: name)
        }
        return (set, try DICOMImageAttributes(set))
    }

    private static func rescaleSlope(_ set: DICOMDataSet) -> Double { set.decimals(.rescaleSlope)?.first ?? 1 }
    private static func rescaleIntercept(_ set: DICOMDataSet) -> Double { set.decimals(.rescaleIntercept)?.first ?? 0 }
}
