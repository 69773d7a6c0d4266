import ArgumentParser
import Catalog
import Foundation

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a round's picks (scan, source reference, rank, score, reason, cluster) as CSV or JSON.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

    @Argument(help: "The project.") var project: String
    @Option(help: "The round to export.") var round: Int
    @Option(help: "csv or json.") var format: Format = .csv
    @Option(help: "Write to this file instead of standard output.") var out: String?

    func run() async throws {
        let (project, round) = (self.project, self.round)
        let selected = try await CLIDatabase.with { client, logger in
            try await client.withCatalog(logger: logger) { catalog in
                _ = try await catalog.configuration(of: project)
                return try await catalog.selections(project: project, round: round)
            }
        }
        guard !selected.isEmpty else {
            throw ValidationError("project '\(project)' has no picks in round \(round); see `scanselect selection \(project)`")
        }
        let rows = selected.map(ExportRow.init)
        let text = format == .csv ? ExportRow.csv(rows) : try ExportRow.json(rows)
        guard let out else {
            print(text, terminator: "")
            return
        }
        do {
            try text.write(toFile: out, atomically: true, encoding: .utf8)
        } catch {
            throw ValidationError("cannot write \(out): \(error.localizedDescription)")
        }
        print("wrote \(rows.count) picks of round \(round) to \(out)")
    }
}

/// One exported pick. DICOM scans carry their SOP Instance UIDs so results can go back to the PACS; files
/// carry their path.
struct ExportRow: Encodable {
    let scanID: String
    let sourceRef: String
    let instanceUIDs: [String]
    let rank: Int
    let score: Double?
    let reason: String
    let cluster: Int?
    let strategy: String
    let awaitingLabel: Bool

    init(_ pick: SelectedScan) {
        scanID = pick.scan.id.uuidString.lowercased()
        sourceRef = pick.scan.sourceRef
        instanceUIDs = pick.scan.instanceUIDs
        rank = pick.rank
        score = pick.score
        reason = pick.reason
        cluster = pick.cluster
        strategy = pick.strategy
        awaitingLabel = pick.awaitingLabel
    }

    enum CodingKeys: String, CodingKey {
        case rank, score, reason, cluster, strategy
        case scanID = "scan_id"
        case sourceRef = "source_ref"
        case instanceUIDs = "instance_uids"
        case awaitingLabel = "awaiting_label"
    }

    static func csv(_ rows: [ExportRow]) -> String {
        let header = "rank,scan_id,source_ref,instance_uids,score,reason,cluster,strategy,awaiting_label"
        let lines = rows.map { row in
            ["\(row.rank)", row.scanID, row.sourceRef, row.instanceUIDs.joined(separator: ";"),
             row.score.map { "\($0)" } ?? "", row.reason, row.cluster.map(String.init) ?? "", row.strategy,
             "\(row.awaitingLabel)"].map(field).joined(separator: ",")
        }
        return ([header] + lines).joined(separator: "\n") + "\n"
    }

    static func json(_ rows: [ExportRow]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(rows), as: UTF8.self) + "\n"
    }

    /// RFC 4180: quote fields holding a comma, quote or line break, doubling inner quotes.
    private static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
