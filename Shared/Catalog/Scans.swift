import Foundation
import JobQueue
import PostgresNIO

/// A normalised scan about to be recorded.
public struct NewScan: Sendable {
    public var projectID: String
    public var modality: String
    public var workingShape: [Int]
    public var originalShape: [Int]
    public var spacing: [Double]?
    public var geometryJSON: String
    public var sourceKind: String
    public var sourceRef: String
    public var studyUID: String?
    public var seriesUID: String?
    public var instanceUIDs: [String]
    /// `DICOMSourceReference` as JSON: what a SEG of the scan references; nil for non-DICOM sources.
    public var dicomReferenceJSON: String?
    public var contentHash: String
    public var tensorPath: String
    public var split: String

    public init(projectID: String, modality: String, workingShape: [Int], originalShape: [Int], spacing: [Double]?,
                geometryJSON: String, sourceKind: String, sourceRef: String, studyUID: String? = nil,
                seriesUID: String? = nil, instanceUIDs: [String] = [], dicomReferenceJSON: String? = nil,
                contentHash: String, tensorPath: String, split: String = "pool") {
        self.projectID = projectID
        self.modality = modality
        self.workingShape = workingShape
        self.originalShape = originalShape
        self.spacing = spacing
        self.geometryJSON = geometryJSON
        self.sourceKind = sourceKind
        self.sourceRef = sourceRef
        self.studyUID = studyUID
        self.seriesUID = seriesUID
        self.instanceUIDs = instanceUIDs
        self.dicomReferenceJSON = dicomReferenceJSON
        self.contentHash = contentHash
        self.tensorPath = tensorPath
        self.split = split
    }
}

public struct ScanRecord: Sendable, Equatable {
    public let id: UUID
    public let projectID: String
    public let modality: String
    public let workingShape: [Int]
    public let spacing: [Double]?
    public let sourceRef: String
    public let instanceUIDs: [String]
    public let tensorPath: String
    public let split: String
    public let state: ScanState
    public let geometryJSON: String
    /// What a SEG of the scan references (`DICOMSourceReference` as JSON); nil for non-DICOM sources.
    public let dicomReferenceJSON: String?
}

extension Catalog {
    /// Records the scan and, in the same transaction, its `embed` job. A scan whose content (or SOP
    /// Instance UID) is already in the project is not recorded twice; its existing id comes back. The id is
    /// derived from the project and the content (a digest, nothing of the patient), so the same pool gets the same
    /// ids however its scans arrive. What selection and training read (the pool the map and selection see, the
    /// training set) is ordered by content hash, so picks are reproducible whatever the arrival order, and the
    /// arms of an experiment (one project each) see the same pool in the same order.
    public func insertScan(_ scan: NewScan) async throws -> (id: UUID, isNew: Bool) {
        if let uid = scan.instanceUIDs.first, let existing = try await first("""
            SELECT id FROM scans WHERE project_id = \(scan.projectID) AND \(uid) = ANY(instance_uids) LIMIT 1
            """, as: UUID.self) {
            return (existing, false)
        }
        let shape = scan.workingShape.map(Int32.init)
        let original = scan.originalShape.map(Int32.init)
        if let id = try await first("""
            INSERT INTO scans (id, project_id, modality, dims, working_shape, original_shape, spacing_mm, geometry,
                               source_kind, source_ref, study_uid, series_uid, instance_uids, dicom_reference,
                               content_hash, tensor_path, split)
            VALUES (md5(\(scan.projectID) || ':' || \(scan.contentHash))::uuid, \(scan.projectID), \(scan.modality), \(scan.workingShape.count == 3 && scan.workingShape[0] > 1 ? 3 : 2),
                    \(shape), \(original), \(scan.spacing), \(scan.geometryJSON)::jsonb, \(scan.sourceKind),
                    \(scan.sourceRef), \(scan.studyUID), \(scan.seriesUID), \(scan.instanceUIDs),
                    \(scan.dicomReferenceJSON)::jsonb, \(scan.contentHash), \(scan.tensorPath), \(scan.split))
            ON CONFLICT DO NOTHING
            RETURNING id
            """, as: UUID.self) {
            try await enqueue([.embed(scan: id)], project: scan.projectID)
            return (id, true)
        }
        guard let existing = try await first("""
            SELECT id FROM scans WHERE project_id = \(scan.projectID) AND content_hash = \(scan.contentHash)
            """, as: UUID.self) else { throw CatalogError.unknownScan(scan.contentHash) }
        return (existing, false)
    }

    /// The project's scan of this series that an arrival of `instances` must be weighed against: its volume, or
    /// a scan sharing one of the instances (a lone slice that the rest of its series now follows).
    public func heldScan(project: String, series: String, instances: [String]) async throws -> ScanRecord? {
        try await scans(where: "project_id = $1 AND series_uid = $2 AND (dims = 3 OR instance_uids && $3)",
                        project, series, instances).first
    }

    /// Replaces a held scan of a series with a fuller copy of it (the slices that came late, re-sent with the
    /// rest): same id, new tensor and geometry, embedded again. Only while nobody has used it — a scan that was
    /// picked, labelled or skipped keeps what annotators saw, and the arrival is refused with that reason.
    public func extendScan(_ id: UUID, with scan: NewScan) async throws {
        let uses = try await first("""
            SELECT (SELECT count(*) FROM selections WHERE scan_id = \(id)) + (SELECT count(*) FROM labels WHERE scan_id = \(id))
                   + (SELECT count(*) FROM skipped_scans WHERE scan_id = \(id))
            FROM scans WHERE id = \(id) FOR UPDATE
            """, as: Int64.self)
        guard let uses else { throw CatalogError.unknownScan(id.uuidString) }
        guard uses == 0 else { throw CatalogError.scanInUse(scan: id.uuidString) }
        try await execute("""
            UPDATE scans SET dims = \(scan.workingShape.count == 3 && scan.workingShape[0] > 1 ? 3 : 2),
                   working_shape = \(scan.workingShape.map(Int32.init)), original_shape = \(scan.originalShape.map(Int32.init)),
                   spacing_mm = \(scan.spacing), geometry = \(scan.geometryJSON)::jsonb, source_kind = \(scan.sourceKind),
                   source_ref = \(scan.sourceRef), instance_uids = \(scan.instanceUIDs),
                   dicom_reference = \(scan.dicomReferenceJSON)::jsonb, content_hash = \(scan.contentHash),
                   tensor_path = \(scan.tensorPath), state = \(ScanState.ingested), last_error = NULL
            WHERE id = \(id)
            """)
        // What was computed from the partial volume describes a scan that no longer exists.
        try await execute("DELETE FROM embeddings WHERE scan_id = \(id)")
        try await execute("DELETE FROM scores WHERE scan_id = \(id)")
        try await execute("DELETE FROM map_points WHERE scan_id = \(id)")
        try await enqueue([.embed(scan: id, content: scan.contentHash)], project: scan.projectID)
    }

    public func scan(_ id: UUID) async throws -> ScanRecord {
        guard let record = try await scans(where: "id = $1", id).first else { throw CatalogError.unknownScan(id.uuidString) }
        return record
    }

    /// The project's scans in a stable order (creation, then id).
    public func scans(project: String, split: String? = nil) async throws -> [ScanRecord] {
        let all = try await scans(where: "project_id = $1", project)
        return split.map { wanted in all.filter { $0.split == wanted } } ?? all
    }

    /// A scan by id, by source reference (or its file name) or by SOP Instance UID.
    public func findScan(project: String, reference: String) async throws -> ScanRecord {
        if let id = UUID(uuidString: reference), let record = try? await scan(id), record.projectID == project {
            return record
        }
        let matches = try await scans(project: project).filter {
            $0.sourceRef == reference || $0.instanceUIDs.contains(reference)
                || ($0.sourceRef as NSString).lastPathComponent == reference
        }
        guard matches.count == 1, let match = matches.first else { throw CatalogError.unknownScan(reference) }
        return match
    }

    /// The scan cannot be used (its embed job died): it keeps the error, and the pool no longer waits for it, so
    /// a pool it completes starts its cold start without it.
    public func markScanFailed(_ id: UUID, error: String) async throws {
        try await execute("UPDATE scans SET state = \(ScanState.failed), last_error = \(error) WHERE id = \(id)")
        try await startColdStartIfPoolSettled(project: try await scan(id).projectID)
    }

    private func scans(where condition: String, _ binds: any PostgresDynamicTypeEncodable & Sendable...) async throws -> [ScanRecord] {
        var bindings = PostgresBindings()
        for bind in binds { bindings.append(bind) }
        let rows = try await execute(PostgresQuery(unsafeSQL: """
            SELECT id, project_id, modality, working_shape, spacing_mm, source_ref, instance_uids, tensor_path, split,
                   state, geometry::text, dicom_reference::text
            FROM scans WHERE \(condition) ORDER BY created_at, id
            """, binds: bindings))
        var records: [ScanRecord] = []
        for try await (id, project, modality, shape, spacing, source, uids, path, split, state, geometry, reference)
            in rows.decode((UUID, String, String, [Int32], [Double]?, String, [String], String, String, ScanState, String,
                            String?).self) {
            records.append(ScanRecord(id: id, projectID: project, modality: modality, workingShape: shape.map(Int.init),
                                      spacing: spacing, sourceRef: source, instanceUIDs: uids, tensorPath: path,
                                      split: split, state: state, geometryJSON: geometry, dicomReferenceJSON: reference))
        }
        return records
    }
}
