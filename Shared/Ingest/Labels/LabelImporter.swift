import Catalog
import Foundation
import Imaging
import Logging
import PostgresNIO
import SafeTensors
import TensorStore

public struct ImportedLabel: Sendable, Equatable {
    public let scanID: UUID
    public let version: Int
    /// `original` or `working`: the grid the mask file was drawn on.
    public let drawnOn: String
}

/// Mask file (PNG, NIfTI or DICOM) → validated uint8 masks on the working and original grids → a new
/// label version of its scan (earlier versions stay as history).
public struct LabelImporter: Sendable {
    public let client: PostgresClient
    public let store: TensorStore
    public let logger: Logger

    public init(client: PostgresClient, store: TensorStore, logger: Logger) {
        self.client = client
        self.store = store
        self.logger = logger
    }

    /// `scan` is a scan id, source reference or SOP Instance UID; nil matches by the file's own name.
    /// `name` is how the file is referred to in errors and in the label's source reference.
    public func importLabel(file path: String, name: String? = nil, project: String,
                            scan reference: String? = nil) async throws -> ImportedLabel {
        try await importLabel(bytes: try Ingestor.readBytes(path), name: name ?? path, project: project, scan: reference)
    }

    /// A mask already in memory (an upload); `name` as above.
    public func importLabel(bytes: [UInt8], name: String, project: String,
                            scan reference: String? = nil) async throws -> ImportedLabel {
        // A DICOM SEG names its scan by the instances it was drawn on; any other mask is pixels matched by name.
        let seg = Self.isSegmentation(bytes, name: name) ? try DICOMSegmentationReader.read(bytes, source: name) : nil
        let (scan, configuration) = try await client.withCatalog(logger: logger) { catalog in
            let key = reference ?? seg?.referencedInstanceUIDs.first ?? (name as NSString).lastPathComponent
            let scan = try await ScanMatcher.find(key, project: project, catalog: catalog, file: name)
            return (scan, try await catalog.configuration(of: project))
        }
        guard let geometry = ScanNormaliser.geometry(fromJSON: scan.geometryJSON) else {
            throw IngestError.unsupportedImage(file: name, reason: "scan \(scan.id) has no geometry record; re-ingest it")
        }
        let volume = try seg.map { content throws(IngestError) in
            try SEGLabel.volume(content, scan: scan, allowed: configuration.labels, mapping: configuration.segmentLabels, name: name)
        } ?? Self.ontoScanGrid(ImageLoader.load(bytes, source: name), geometry: geometry, name: name)
        let mask = try MaskGrid(volume, name: name, geometry: geometry, labels: configuration.labels)
        var working = SafeTensorsWriter()
        working.add(ScanTensorKey.mask, uint8: mask.working, shape: mask.workingShape)
        var original = SafeTensorsWriter()
        original.add(ScanTensorKey.originalMask, uint8: mask.original, shape: mask.originalShape)
        let (workingPath, originalPath) = (try store.put(working), try store.put(original))
        let version = try await client.withCatalogTransaction(logger: logger) { catalog in
            try await catalog.insertLabel(scan: scan.id, tensorPath: workingPath, originalTensorPath: originalPath,
                                          sourceRef: name)
        }
        logger.info("label imported", metadata: ["scan": "\(scan.id)", "version": "\(version)", "grid": "\(mask.drawnOn)"])
        return ImportedLabel(scanID: scan.id, version: version, drawnOn: mask.drawnOn)
    }

    /// A mask that carries its own geometry (NIfTI, DICOM) placed on the scan's original grid through both affines
    /// when they differ — cropped, flipped or resampled by the annotator's tool; refused when it covers none of the
    /// scan. A mask without geometry (PNG) or on the scan's own grid passes unchanged (MaskGrid checks its shape).
    static func ontoScanGrid(_ mask: ImageVolume, geometry: GeometryRecord, name: String) throws(IngestError) -> ImageVolume {
        guard let maskAffine = mask.affine, let scanAffine = geometry.originalAffine, mask.channels == 1,
              !(AffineResampling.same(maskAffine, scanAffine)
                  && [mask.depth, mask.height, mask.width] == [geometry.originalDepth, geometry.originalHeight, geometry.originalWidth])
        else { return mask }
        guard let placed = AffineResampling.labels(mask, sourceAffine: maskAffine, ontoWidth: geometry.originalWidth,
                                                   height: geometry.originalHeight, depth: geometry.originalDepth, affine: scanAffine),
              placed.covered > 0 else { throw .maskOutsideScan(file: name) }
        return ImageVolume(width: geometry.originalWidth, height: geometry.originalHeight, depth: geometry.originalDepth,
                           pixels: placed.labels, affine: scanAffine)
    }

    static func isSegmentation(_ bytes: [UInt8], name: String) -> Bool {
        ImageLoader.detectFormat(bytes) == .dicom
            && (try? DICOMReader.readHeader(bytes, source: name))?.sopClassUID == DICOMSegmentation.sopClassUID
    }
}
