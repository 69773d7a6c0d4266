import ArgumentParser
import Catalog
import Foundation
import JobQueue

/// Enqueues a `cluster` job for the project and waits for the clustering-service to record round 0.
struct ColdStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coldstart", abstract: "Cluster the embedded pool and pick round 0's scans.")
    @Argument(help: "The project.") var project: String
    @Option(help: "Scans to pick (default: the project's cold-start budget).") var budget: Int?
    @Option(help: "\(ColdStartStrategyName.allowed) (default: the project's).") var strategy: ColdStartStrategyName?
    @Option(help: "Seconds to wait for the clustering-service; 0 returns at once.") var wait = 600.0
    @Flag(help: "Throw away round 0 and pick again: only while the project has no label and round 0 is still open.")
    var restart = false

    func run() async throws {
        let (project, budget, strategy, wait, restart) = (self.project, self.budget, self.strategy, self.wait, self.restart)
        let lines = try await CLIDatabase.with { client, logger in
            _ = try await client.withCatalog(logger: logger) { try await $0.configuration(of: project) }
            let queue = JobQueue(client: client, logger: logger)
            let payload = ClusterPayload(budget: budget, strategy: strategy)
            let id: Int64
            if restart {
                id = try await client.withCatalogTransaction(logger: logger) {
                    try await $0.restartColdStart(project: project, payload: payload)
                }
            } else {
                if let state = try await client.withCatalog(logger: logger, { try await $0.roundState(project: project, round: 0) }) {
                    throw ValidationError("project '\(project)' already has round 0 (\(state.rawValue)); rounds are never rewritten: "
                                          + "`scanselect coldstart \(project) --restart` picks again while it has no label, "
                                          + "otherwise create a new project")
                }
                id = try await queue.enqueue(try NewJob(payload, projectID: project))
            }
            guard wait > 0 else { return ["enqueued cluster job \(id)"] }
            guard let job = try await queue.wait(for: id, seconds: wait) else { throw ValidationError("job \(id) vanished") }
            guard job.state == .done else {
                throw ValidationError("cluster job \(id) is \(job.state): \(job.lastError ?? "is the clustering-service running? (scanselect dev up)")")
            }
            let selected = try await client.withCatalog(logger: logger) { try await $0.selections(project: project, round: 0) }
            return SelectionTable.render(selected)
        }
        print(lines.joined(separator: "\n"))
    }
}

extension ColdStartStrategyName: ExpressibleByArgument {
    public init?(argument: String) { self.init(spelling: argument) }
}

enum SelectionTable {
    static func render(_ selected: [SelectedScan]) -> [String] {
        var table = Table("round", "rank", "scan", "source", "cluster", "score", "reason")
        for pick in selected {
            table.add("\(pick.round)", "\(pick.rank)", String(pick.scan.id.uuidString.prefix(8)),
                      (pick.scan.sourceRef as NSString).lastPathComponent, pick.cluster.map(String.init) ?? "-",
                      pick.score.map { String(format: "%.3f", $0) } ?? "-", pick.reason)
        }
        return [table.render()]
    }
}
