/// Patient-space geometry of one image (PS3.3 C.7.6.2), in millimetres.
public struct DICOMGeometry: Sendable, Equatable {
    /// Distance between row centres, then between column centres: PixelSpacing, else ImagerPixelSpacing.
    public var pixelSpacing: [Double]?
    public var sliceThickness: Double?
    /// ImagePositionPatient: centre of the first transmitted pixel.
    public var imagePosition: [Double]?
    /// ImageOrientationPatient: row direction cosines then column direction cosines.
    public var imageOrientation: [Double]?
}

/// What a DICOM file says about itself, without decoding pixels. Only non-PHI values are exposed.
public struct DICOMHeader: Sendable, Equatable {
    public let source: String
    public let transferSyntaxUID: String
    public let modality: String?
    public let sopClassUID: String?
    public let studyInstanceUID: String?
    public let seriesInstanceUID: String?
    public let sopInstanceUID: String?
    /// Shared by every image in one patient coordinate system; derived objects (SEG) must repeat it.
    public let frameOfReferenceUID: String?
    public let seriesNumber: Int?
    public let instanceNumber: Int?
    public let geometry: DICOMGeometry
    /// Curated non-PHI attributes by DICOM keyword (see `DICOMSafeMetadata`).
    public let safeMetadata: [String: String]

    init(_ set: DICOMDataSet) {
        source = set.source
        transferSyntaxUID = set.transferSyntaxUID
        modality = set.string(.modality)
        sopClassUID = set.string(.sopClassUID)
        studyInstanceUID = set.string(.studyInstanceUID)
        seriesInstanceUID = set.string(.seriesInstanceUID)
        sopInstanceUID = set.string(.sopInstanceUID)
        frameOfReferenceUID = set.string(.frameOfReferenceUID)
        seriesNumber = set.integerString(.seriesNumber)
        instanceNumber = set.integerString(.instanceNumber)
        let spacing = set.decimals(.pixelSpacing) ?? set.decimals(.imagerPixelSpacing)
        let position = set.decimals(.imagePositionPatient)
        let orientation = set.decimals(.imageOrientationPatient)
        geometry = DICOMGeometry(pixelSpacing: spacing?.count == 2 ? spacing : nil,
                                 sliceThickness: set.decimals(.sliceThickness)?.first,
                                 imagePosition: position?.count == 3 ? position : nil,
                                 imageOrientation: orientation?.count == 6 ? orientation : nil)
        safeMetadata = DICOMSafeMetadata.extract(set)
    }
}
