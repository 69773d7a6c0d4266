/// Entry points for DICOM files: header only, decoded instance, or straight to an ingest volume.
public enum DICOMReader {
    public static func readHeader(path: String) throws(ImagingError) -> DICOMHeader {
        DICOMHeader(try DICOMFileParser.parse(readFileBytes(path), source: path))
    }

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
