import ArgumentParser
import Foundation
import Ingest

struct IngestPull: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "Retrieve series from a DICOMweb server (QIDO-RS search, WADO-RS retrieve).")
    @Option(help: "DICOMweb root, e.g. http://pacs:8042/dicom-web") var dicomweb: String
    @Option var project: String
    @Option(help: "Pull every series of this Study Instance UID.") var study: String?
    @Option(help: "QIDO-RS series search, e.g. Modality=CR (repeatable).") var query: [String] = []
    @Option(help: "Files decoded at once.") var concurrency = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard (study == nil) != query.isEmpty else { throw ValidationError("give either --study UID or --query KEY=VALUE") }
        for pair in query where !pair.contains("=") { throw ValidationError("--query '\(pair)' is not KEY=VALUE") }
    }

    func run() async throws {
        let pairs = query.map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
        let (dicomweb, study, project) = (self.dicomweb, self.study, self.project)
        let report = try await IngestSupport.withImport(concurrency: concurrency) { importer in
            try await DICOMwebPull(client: DICOMwebClient(base: dicomweb), importer: importer)
                .pull(study: study, query: pairs, project: project)
        }
        try IngestSupport.print(report, partialSuccess: true)
    }
}
