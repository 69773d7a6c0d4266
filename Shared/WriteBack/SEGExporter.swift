import Catalog
import Foundation
import Imaging
import Ingest
import Logging
import PostgresNIO
import TensorStore

/// Sends a round's DICOM SEG pre-annotations to a PACS (STOW-RS or C-STORE), one batch per study, each SEG
/// completed with the patient and study attributes that PACS holds for the study (QIDO-RS or C-FIND) — the catalog
/// keeps none — so the PACS files it beside its source series. Every send is recorded in `exports`, stored or
/// failed with the reason.
public struct SEGExporter: Sendable {
    public let client: PostgresClient
    public let store: TensorStore
    public let destination: any SEGDestination
    public let logger: Logger

    public init(client: PostgresClient, store: TensorStore, destination: any SEGDestination, logger: Logger) {
        (self.client, self.store, self.destination, self.logger) = (client, store, destination, logger)
    }

    /// `onlyUnsent`: skip the SEGs this destination already stored (a retried export job); otherwise send all again.
    public func export(project: String, round: Int, onlyUnsent: Bool = false) async throws -> [ExportRecord] {
        let unsentTo = onlyUnsent ? destination.name : nil
        let segs = try await client.withCatalog(logger: logger) {
            try await $0.segsToSend(project: project, round: round, unsentTo: unsentTo)
        }
        var records: [ExportRecord] = []
        for (study, items) in Dictionary(grouping: segs, by: \.studyUID).sorted(by: { $0.key < $1.key }) {
            records += try await send(items, study: study)
        }
        let done = records
        try await client.withCatalogTransaction(logger: logger) { try await $0.recordExports(project: project, round: round, done) }
        for record in done where record.state == .failed {
            logger.warning("SEG not stored", metadata: ["scan": "\(record.scanID)", "error": "\(record.error ?? "")"])
        }
        return done
    }

    private func send(_ items: [SEGToSend], study: String) async throws -> [ExportRecord] {
        func failed(_ reason: String) -> [ExportRecord] {
            items.map { ExportRecord(scanID: $0.scanID, sopInstanceUID: $0.sopInstanceUID, destination: destination.name,
                                     state: .failed, error: reason) }
        }
        let context: DICOMSegmentation.Context?
        do {
            context = try await destination.studyContext(study)
        } catch {
            return failed("cannot query the study: \(error)")
        }
        guard let context else {
            return failed("study \(study) is not on \(destination.name); the SEG is filed under its source study, so "
                          + "send (or keep) the source series there first")
        }
        var files: [(sopInstanceUID: String, bytes: [UInt8])] = []
        for item in items {
            let stored = try store.read(bytes: item.path)
            files.append((item.sopInstanceUID, try DICOMPart10Writer.replacing(context.elements, in: stored, source: item.path)))
        }
        let refused: [String: String]
        do {
            refused = try await destination.send(files, study: study)
        } catch {
            return failed("sending failed: \(error)")
        }
        return items.map { item in
            let reason = refused[item.sopInstanceUID]
            return ExportRecord(scanID: item.scanID, sopInstanceUID: item.sopInstanceUID, destination: destination.name,
                                state: reason == nil ? .stored : .failed, error: reason)
        }
    }
}
