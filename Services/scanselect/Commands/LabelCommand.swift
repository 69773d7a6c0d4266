import ArgumentParser
import Foundation
import Ingest

struct LabelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "label", abstract: "Import annotation masks.",
                                                    subcommands: [Import.self])

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
}
