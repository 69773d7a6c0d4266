import ArgumentParser
import Catalog
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
    @Option(help: "Pull again every this many seconds, run by the ingest-service (a saved schedule; needs --name).")
    var every: Double?
    @Option(help: "Name of the schedule (lower-case letters, digits, - and _); saving it again replaces it.")
    var name: String?

    func validate() throws {
        guard (study == nil) != query.isEmpty else { throw ValidationError("give either --study UID or --query KEY=VALUE") }
        for pair in query where !pair.contains("=") { throw ValidationError("--query '\(pair)' is not KEY=VALUE") }
        if every != nil, name == nil { throw ValidationError("a schedule needs --name, to list and stop it later") }
        if let every, every < 1 { throw ValidationError("--every must be at least 1 second (a PACS worklist: minutes)") }
    }

    func run() async throws {
        let pairs = query.map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
        let (dicomweb, study, project) = (self.dicomweb, self.study, self.project)
        if let every, let name {
            let schedule = PullSchedule(name: name, project: project, dicomweb: dicomweb, study: study,
                                        query: pairs.map { [$0.0, $0.1] }, everySeconds: every)
            let job = try await CLIDatabase.with { client, logger in
                try await client.withCatalogTransaction(logger: logger) { try await $0.savePullSchedule(schedule) }
            }
            print("schedule '\(name)' saved: the ingest-service pulls every \(Int(every)) s (first run: job \(job)); "
                  + "`scanselect ingest schedules` shows it, `--stop \(name)` ends it")
            return
        }
        let credentials = try DICOMwebCredentials.fromEnvironment()
        let report = try await IngestSupport.withImport(concurrency: concurrency) { importer in
            try await DICOMwebPull(client: DICOMwebClient(base: dicomweb, credentials: credentials), importer: importer)
                .pull(study: study, query: pairs, project: project)
        }
        try IngestSupport.print(report, partialSuccess: true)
    }
}

struct IngestSchedules: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedules", abstract: "List the saved recurring pulls, or stop one.")
    @Option(help: "Stop this schedule (its next run queues no other).") var stop: String?

    func run() async throws {
        let stop = self.stop
        let (stopped, schedules) = try await CLIDatabase.with { client, logger in
            try await client.withCatalog(logger: logger) { catalog in
                var stopped: Bool?
                if let stop { stopped = try await catalog.stopPullSchedule(stop) }
                return (stopped, try await catalog.pullSchedules())
            }
        }
        if let stop, stopped != true { throw ValidationError("no schedule '\(stop)'") }
        var table = Table("name", "project", "dicomweb", "search", "every", "enabled", "runs", "last run", "last report")
        for s in schedules {
            table.add(s.name, s.project, s.dicomweb, s.study.map { "study \($0)" } ?? s.query.map { $0.joined(separator: "=") }.joined(separator: "&"),
                      "\(Int(s.everySeconds)) s", s.enabled ? "yes" : "no", "\(s.runs)",
                      s.lastRunAt.map { $0.formatted(date: .numeric, time: .standard) } ?? "-", String((s.lastReport ?? "-").prefix(80)))
        }
        print(table.render())
    }
}
