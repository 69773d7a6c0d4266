/// What a derived object (a SEG of the scan) must repeat about the images it was derived from, slice by slice in
/// the order of the scan's volume. Identity and geometry only: UIDs, positions and sizes — nothing about the
/// patient, so the catalog can keep it (`scans.dicom_reference`).
public struct DICOMSourceReference: Sendable, Equatable, Codable {
    /// One slice of the volume: the instance (and, for a multi-frame instance, the frame) it came from.
    public struct Slice: Sendable, Equatable, Codable {
        public let sopClassUID: String
        public let sopInstanceUID: String
        /// 1-based frame of a multi-frame source instance; nil for single-frame instances.
        public let frameNumber: Int?
        /// ImagePositionPatient of the slice's first pixel, when the source says.
        public let position: [Double]?
    }

    public let studyInstanceUID: String
    public let seriesInstanceUID: String
    public let frameOfReferenceUID: String?
    public let modality: String
    public let rows: Int
    public let columns: Int
    public let pixelSpacing: [Double]?
    public let sliceThickness: Double?
    public let orientation: [Double]?
    public let slices: [Slice]

    /// The instances of one scan in volume order: several single-frame slices (as `DICOMSeries.stack` ordered
    /// them) or one instance, whose frames are the slices. Nil when a UID the reference needs is missing.
    init?(ordered instances: [DICOMInstance]) {
        guard let first = instances.first, let study = first.header.studyInstanceUID,
              let series = first.header.seriesInstanceUID else { return nil }
        var slices: [Slice] = []
        for instance in instances {
            guard let sopClass = instance.header.sopClassUID, let sopInstance = instance.header.sopInstanceUID else {
                return nil
            }
            if instance.frames == 1 {
                slices.append(Slice(sopClassUID: sopClass, sopInstanceUID: sopInstance, frameNumber: nil,
                                    position: instance.header.geometry.imagePosition))
            } else {
                // Per-frame positions live in the functional groups, which ingest does not read: none recorded.
                slices += (1...instance.frames).map {
                    Slice(sopClassUID: sopClass, sopInstanceUID: sopInstance, frameNumber: $0, position: nil)
                }
            }
        }
        let geometry = first.header.geometry
        self.init(studyInstanceUID: study, seriesInstanceUID: series, frameOfReferenceUID: first.header.frameOfReferenceUID,
                  modality: first.header.modality ?? "OT", rows: first.rows, columns: first.columns,
                  pixelSpacing: geometry.pixelSpacing, sliceThickness: geometry.sliceThickness,
                  orientation: geometry.imageOrientation, slices: slices)
    }

    public init(studyInstanceUID: String, seriesInstanceUID: String, frameOfReferenceUID: String?, modality: String,
                rows: Int, columns: Int, pixelSpacing: [Double]?, sliceThickness: Double?, orientation: [Double]?,
                slices: [Slice]) {
        self.studyInstanceUID = studyInstanceUID
        self.seriesInstanceUID = seriesInstanceUID
        self.frameOfReferenceUID = frameOfReferenceUID
        self.modality = modality
        self.rows = rows
        self.columns = columns
        self.pixelSpacing = pixelSpacing
        self.sliceThickness = sliceThickness
        self.orientation = orientation
        self.slices = slices
    }

    /// The reference of a single instance (a radiograph, or a multi-frame volume).
    public static func single(_ instance: DICOMInstance) -> DICOMSourceReference? {
        DICOMSourceReference(ordered: [instance])
    }

    /// The reference of a series of single-frame slices, in the order `DICOMSeries.stack` gives the volume.
    public static func series(_ instances: [DICOMInstance]) throws(ImagingError) -> DICOMSourceReference? {
        DICOMSourceReference(ordered: try DICOMSeries.order(instances).0)
    }
}
