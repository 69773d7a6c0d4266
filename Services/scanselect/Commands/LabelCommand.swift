import ArgumentParser
import Foundation
import Catalog
import Ingest

struct LabelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "label", abstract: "Import annotation masks, or skip a pick.",
                                                    subcommands: [Import.self, Skip.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a mask (PNG, NIfTI or DICOM) on the scan's original or working grid; replacing keeps history.")
        @Option var project: String
        @Argument(help: "Mask file.") var file: String?
        @Option(help: "Scan id, source reference, file name (stem) or SOP Instance UID; default: the mask's file name.")
        var scan: String?
        @Option(help: "CSV of scan reference, mask path (relative to the CSV).") var manifest: String?

        func validate() throws {
            guard (file == nil) != (manifest == nil) else { throw ValidationError("give either a mask FILE or --manifest") }
        }

        func run() async throws {
            let pairs = try manifest.map(Self.pairs) ?? [(reference: scan, mask: file ?? "")]
            let project = self.project
            let report = try await IngestSupport.withImport(concurrency: 1) { batch in
                var report = ImportReport()
                for (reference, mask) in pairs {
                    do {
                        report.labels.append(try await batch.labels.importLabel(file: mask, project: project, scan: reference))
                    } catch {
                        report.failures.append(.init(name: mask, reason: "\(error)"))
                    }
                }
                return report
            }
            for label in report.labels { print("scan \(label.scanID): label version \(label.version) (\(label.drawnOn) grid)") }
            try IngestSupport.print(report)
        }

        static func pairs(_ manifest: String) throws -> [(reference: String?, mask: String)] {
            try LabelManifest.read(manifest).map { ($0.scan, $0.mask) }
        }
    }

    struct Skip: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Skip a picked scan the annotators will not label: its round stops waiting for it.")
        @Argument(help: "The scan id (as `scanselect selection` prints it).") var scan: String
        @Option(help: "Why (kept with the skip).") var reason = "skipped by the annotator"
        @Option(help: "Who (kept with the skip).") var user = ProcessInfo.processInfo.environment["USER"] ?? "operator"

        func run() async throws {
            guard let id = UUID(uuidString: scan) else {
                throw ValidationError("'\(scan)' is not a scan id; `scanselect selection PROJECT` lists the picks' ids")
            }
            let (reason, user) = (self.reason, self.user)
            try await CLIDatabase.with { client, logger in
                try await client.withCatalogTransaction(logger: logger) { catalog in
                    try await catalog.skipScan(id, reason: reason, by: user)
                }
            }
            print("scan \(id) skipped")
        }
    }
}
