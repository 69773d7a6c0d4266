import Catalog
import Foundation
import Imaging
import Logging
import PostgresNIO
import TensorStore

/// A scan as recorded: its pseudonymous id, whether it was new (or a duplicate of one already in the
/// project), and its working-grid shape.
public struct IngestedScan: Sendable, Equatable {
    public let id: UUID
    public let isNew: Bool
    public let workingShape: [Int]
    public let sourceRef: String
}

/// File (or received instance, or series) → normalised tensor in the store → scan row + `embed` job. The
/// one path every entry point uses: CLI import, drop folder, STOW-RS and DICOMweb pull.
public struct Ingestor: Sendable {
    public let client: PostgresClient
    public let store: TensorStore
    public let logger: Logger

    public init(client: PostgresClient, store: TensorStore, logger: Logger) {
        self.client = client
        self.store = store
        self.logger = logger
    }

    /// `reference` is how a non-DICOM scan is known (its path as the user gave it); DICOM scans are known
    /// by their UIDs instead.
    public func ingest(file path: String, reference: String? = nil, project: String,
                       split: String = "pool") async throws -> IngestedScan {
        let bytes = try Self.readBytes(path)
        return try await record(try DecodedInput.decode(bytes, name: reference ?? path), project: project, split: split)
    }

    public func ingest(bytes: [UInt8], name: String, project: String, split: String = "pool") async throws -> IngestedScan {
        try await record(try DecodedInput.decode(bytes, name: name), project: project, split: split)
    }

    /// `reference` names a single file's scan (see `ingest(file:)`); a series is known by its UIDs.
    public func ingest(_ unit: IngestUnit, reference: String? = nil, project: String,
                       split: String = "pool") async throws -> IngestedScan {
        switch unit {
        case let .file(path): try await ingest(file: path, reference: reference, project: project, split: split)
        case let .series(_, paths): try await ingest(series: paths, project: project, split: split)
        }
    }

    /// The instances of one multi-slice DICOM series, as one volume scan.
    public func ingest(series paths: [String], project: String, split: String = "pool") async throws -> IngestedScan {
        // Instances are named by file name alone: a series is known by its UIDs, and the folders above its
        // files (a claim folder, a sender's patient-named folder) belong in neither errors nor logs.
        let files = try paths.map { (bytes: try Self.readBytes($0), name: ($0 as NSString).lastPathComponent) }
        return try await record(try DecodedInput.decodeSeries(files), project: project, split: split)
    }

    private func record(_ input: DecodedInput, project: String, split: String) async throws -> IngestedScan {
        let (configuration, held) = try await client.withCatalog(logger: logger) { catalog in
            let configuration = try await catalog.configuration(of: project)
            guard let series = input.seriesUID else { return (configuration, ScanRecord?.none) }
            return (configuration, try await catalog.heldScan(project: project, series: series, instances: input.instanceUIDs))
        }
        let arrival = SeriesArrival.classify(arriving: input.instanceUIDs, held: held?.instanceUIDs)
        if case let .late(slices) = arrival {
            throw IngestError.lateSlice(file: input.sourceRef, series: input.seriesUID ?? "", slices: slices)
        }
        if arrival == .duplicate, let held {
            return IngestedScan(id: held.id, isNew: false, workingShape: held.workingShape, sourceRef: held.sourceRef)
        }
        let normalised = try ScanNormaliser.normalise(input.volume, configuration: configuration,
                                                      source: input.sourceRef)
        // Written before the row: content-addressed, so a failed insert leaves at most an unreferenced file.
        let path = try store.put(normalised.tensors)
        let scan = NewScan(projectID: project, modality: input.modality, workingShape: normalised.workingShape,
                           originalShape: normalised.originalShape, spacing: normalised.spacing,
                           geometryJSON: normalised.geometryJSON, sourceKind: input.sourceKind,
                           sourceRef: input.sourceRef, studyUID: input.studyUID, seriesUID: input.seriesUID,
                           instanceUIDs: input.instanceUIDs,
                           dicomReferenceJSON: input.dicomReference.map(ScanNormaliser.sortedJSON),
                           contentHash: input.contentHash, tensorPath: path, split: split)
        let (id, isNew): (UUID, Bool)
        if case let .extends(previous) = arrival, let held {
            try await client.withCatalogTransaction(logger: logger) { try await $0.extendScan(held.id, with: scan) }
            (id, isNew) = (held.id, true)
            logger.notice("volume extended by slices that came late", metadata: [
                "scan": "\(id)", "project": "\(project)", "slices": "\(previous) → \(input.instanceUIDs.count)"])
        } else {
            (id, isNew) = try await client.withCatalogTransaction(logger: logger) { try await $0.insertScan(scan) }
        }
        logger.info("scan ingested", metadata: ["scan": "\(id)", "project": "\(project)", "new": "\(isNew)",
                                                "kind": "\(input.sourceKind)", "shape": "\(normalised.workingShape)"])
        return IngestedScan(id: id, isNew: isNew, workingShape: normalised.workingShape, sourceRef: input.sourceRef)
    }

    /// The whole file, refused (and so quarantined) when it is larger than the decode budget.
    static func readBytes(_ path: String) throws(IngestError) -> [UInt8] {
        do {
            return try BudgetedFile.read(path)
        } catch {
            throw .unreadable(file: path, reason: error.description)
        }
    }
}
