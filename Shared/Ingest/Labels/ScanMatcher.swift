import Catalog
import Foundation

/// Finds the scan a label belongs to: by id, source reference, SOP Instance UID (as `Catalog.findScan`),
/// or by the file-name stem that a mask exported next to its image shares with it (`001.png` ↔ `001.png`,
/// `001.nii.gz`).
enum ScanMatcher {
    static func find(_ reference: String, project: String, catalog: Catalog, file: String) async throws -> ScanRecord {
        do {
            return try await catalog.findScan(project: project, reference: reference)
        } catch CatalogError.unknownScan {
            let stem = Self.stem(reference)
            let matches = try await catalog.scans(project: project).filter {
                Self.stem(($0.sourceRef as NSString).lastPathComponent) == stem || $0.instanceUIDs.contains(stem)
            }
            guard matches.count == 1, let match = matches.first else {
                throw IngestError.noMatchingScan(file: file, reference: reference)
            }
            return match
        }
    }

    /// The file name without its extensions (`.nii.gz` counts as one).
    static func stem(_ name: String) -> String {
        var stem = (name as NSString).lastPathComponent
        for suffix in [".gz", ".nii", ".png", ".jpg", ".jpeg", ".dcm", ".dicom"] where stem.lowercased().hasSuffix(suffix) {
            stem = String(stem.dropLast(suffix.count))
        }
        return stem
    }
}
