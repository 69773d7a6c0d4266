/// A decoded DICOM image: header, pixel encoding and stored values of every frame.
public struct DICOMInstance: Sendable, Equatable {
    public let header: DICOMHeader
    public let rows: Int
    public let columns: Int
    public let frames: Int
    public let samplesPerPixel: Int
    public let photometric: String
    public let bitsAllocated: Int
    public let bitsStored: Int
    public let isSigned: Bool
    public let rescaleSlope: Double
    public let rescaleIntercept: Double
    /// Stored values, frame × row × column × sample.
    public let pixels: DICOMPixels

    /// Pixel values after the modality rescale (e.g. Hounsfield units), same layout as `pixels`.
    public func rescaledPixels() -> [Float] {
        pixels.rescaled(slope: rescaleSlope, intercept: rescaleIntercept)
    }
}
