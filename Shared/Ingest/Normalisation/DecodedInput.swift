import Foundation
import Imaging

/// One input decoded to pixels, with the identity the catalog keeps: modality, UIDs, content hash and a
/// source reference. Nothing patient-identifying is carried: DICOM inputs are referenced by their UIDs
/// (deliberately kept so results can go back to the PACS), never by names, IDs or file names chosen by a PACS.
struct DecodedInput: Sendable {
    var volume: ImageVolume
    var modality: String
    var studyUID: String?
    var seriesUID: String?
    var instanceUIDs: [String]
    /// For DICOM inputs, what a SEG of this scan must reference, slice by slice in volume order.
    var dicomReference: DICOMSourceReference?
    var contentHash: String
    var sourceKind: String
    var sourceRef: String

    /// A PNG, JPEG, NIfTI or DICOM file's bytes; `name` appears in error messages and, for non-DICOM inputs, as the
    /// source reference.
    static func decode(_ bytes: [UInt8], name: String) throws(ImagingError) -> DecodedInput {
        let hash = ContentHash.hex(bytes)
        let format = ImageLoader.detectFormat(bytes)
        switch format {
        case .dicom:
            let instance: DICOMInstance
            do {
                instance = try readImage(bytes, name: name)
            } catch .wrongMagic(let file, _, let found) {
                throw .wrongMagic(file: file, format: "DICOM, NIfTI, NRRD, PNG or JPEG", found: found)
            }
            return DecodedInput(dicom: [instance], reference: .single(instance), volume: try ImageLoader.volume(from: instance),
                                hash: hash)
        case .png, .nifti, .nrrd, .jpeg:
            return DecodedInput(volume: try ImageLoader.load(bytes, source: name), modality: "OT", instanceUIDs: [],
                                contentHash: hash, sourceKind: format.rawValue, sourceRef: name)
        }
    }

    /// The instances of one multi-slice series as one volume.
    static func decodeSeries(_ files: [(bytes: [UInt8], name: String)]) throws(ImagingError) -> DecodedInput {
        var instances: [DICOMInstance] = []
        for file in files { instances.append(try readImage(file.bytes, name: file.name)) }
        let hash = ContentHash.hex(combining: files.map { ContentHash.hex($0.bytes) })
        return DecodedInput(dicom: instances, reference: try DICOMSourceReference.series(instances),
                            volume: try DICOMSeries.stack(instances), hash: hash)
    }

    /// The pool takes images only: a SEG, RT object or SR is refused for what it is. The header is read a second
    /// time only when the full read failed (a non-image often lacks Rows), so images are parsed once.
    private static func readImage(_ bytes: [UInt8], name: String) throws(ImagingError) -> DICOMInstance {
        let instance: DICOMInstance
        do {
            instance = try DICOMReader.read(bytes, source: name)
        } catch {
            if let header = try? DICOMReader.readHeader(bytes, source: name) {
                try DICOMSOPClass.requireImage(header, source: name)
            }
            throw error
        }
        try DICOMSOPClass.requireImage(instance.header, source: name)
        return instance
    }

    private init(volume: ImageVolume, modality: String, studyUID: String? = nil, seriesUID: String? = nil,
                 instanceUIDs: [String], dicomReference: DICOMSourceReference? = nil, contentHash: String,
                 sourceKind: String, sourceRef: String) {
        self.volume = volume
        self.modality = modality
        self.studyUID = studyUID
        self.seriesUID = seriesUID
        self.instanceUIDs = instanceUIDs
        self.dicomReference = dicomReference
        self.contentHash = contentHash
        self.sourceKind = sourceKind
        self.sourceRef = sourceRef
    }

    private init(dicom instances: [DICOMInstance], reference frames: DICOMSourceReference?, volume: ImageVolume, hash: String) {
        let header = instances[0].header
        let uids = instances.compactMap(\.header.sopInstanceUID).sorted()
        let study = header.studyInstanceUID ?? "unknown-study"
        let series = header.seriesInstanceUID ?? "unknown-series"
        let reference = instances.count == 1 ? "dicom:\(study)/\(series)/\(uids.first ?? hash)" : "dicom:\(study)/\(series)"
        self.init(volume: volume, modality: header.modality ?? "OT", studyUID: header.studyInstanceUID,
                  seriesUID: header.seriesInstanceUID, instanceUIDs: uids, dicomReference: frames, contentHash: hash,
                  sourceKind: instances.count == 1 ? "dicom" : "dicom-series", sourceRef: reference)
    }
}
