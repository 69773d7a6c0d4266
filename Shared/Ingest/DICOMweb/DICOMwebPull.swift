import Foundation

/// `scanselect ingest pull`: find series by QIDO-RS, retrieve them by WADO-RS, and import each series'
/// instances like a folder (so a multi-slice series becomes one volume, projections one scan each).
public struct DICOMwebPull: Sendable {
    public let client: DICOMwebClient
    public let importer: BatchImport

    public init(client: DICOMwebClient, importer: BatchImport) {
        self.client = client
        self.importer = importer
    }

    /// Pulls every series the search finds. A series the PACS cannot deliver (or whose instances fail to import)
    /// is reported with the PACS's answer and the pull goes on to the next; only the search itself is fatal.
    public func pull(study: String?, query: [(String, String)], project: String) async throws -> ImportReport {
        try await pull(study: study, query: query, project: project, skipping: []).report
    }

    /// As `pull`, leaving out the series in `skipping`; also returns the series pulled whole this time (every
    /// instance delivered and imported), which a schedule need not ask for again.
    public func pull(study: String?, query: [(String, String)], project: String,
                     skipping: Set<String>) async throws -> (report: ImportReport, pulled: [String]) {
        var report = ImportReport()
        var pulled: [String] = []
        for reference in try await client.series(study: study, query: query) where !skipping.contains(reference.series) {
            do {
                let failuresBefore = report.failures.count
                try await pull(reference, project: project, into: &report)
                if report.failures.count == failuresBefore { pulled.append(reference.series) }
            } catch {
                report.failures.append(.init(name: "series \(reference.series)",
                                             reason: "series \(reference.series) of study \(reference.study): \(error)"))
            }
        }
        return (report, pulled)
    }

    private func pull(_ reference: DICOMwebClient.SeriesReference, project: String,
                      into report: inout ImportReport) async throws {
        let expected = Set(try await client.instances(of: reference))
        let instances = try await client.retrieve(reference)
        // Retrieved instances carry patient data: they pass through a folder only this user can read, and only
        // on their way into the store.
        let folder = NSTemporaryDirectory() + "scanselect-pull-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (index, bytes) in instances.enumerated() {
            try Data(bytes).write(to: URL(fileURLWithPath: "\(folder)/\(index).dcm"))
        }
        let part = await importer.folder(folder, project: project)
        report.scans += part.scans
        report.failures += part.failures
        if instances.count != expected.count {
            report.failures.append(.init(name: "series \(reference.series)",
                                         reason: "QIDO-RS lists \(expected.count) instances but WADO-RS returned "
                                             + "\(instances.count); pull again once the PACS has the whole series"))
        }
    }
}
