import ArgumentParser
import Catalog
import Foundation
import Ingest
import TensorStore
import WriteBack

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a round's picks (scan, source reference, rank, score, reason, cluster) as CSV or JSON, "
            + "or send its DICOM SEG pre-annotations to a PACS (--to dicomweb URL, --to dimse AE@host:port).")

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

    @Argument(help: "The project.") var project: String
    @Option(help: "The round to export.") var round: Int
    @Option(help: "csv or json.") var format: Format = .csv
    @Option(help: "Write to this file instead of standard output.") var out: String?
    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("`dicomweb URL`: STOW-RS the round's SEGs to that DICOMweb root (credentials from DICOMWEB_CREDENTIALS); `dimse AE@host:port`: C-STORE them to that peer (calling AE title DIMSE_AE_TITLE, default SCANSELECT)."))
    var to: [String] = []
    @Flag(help: "With --to: queue an `export` job for the ingest-service (retried with backoff until stored) instead of sending now.")
    var queue = false

    func validate() throws {
        guard to.isEmpty || (to.count == 2 && ["dicomweb", "dimse"].contains(to[0])) else {
            throw ValidationError("--to takes `dicomweb URL` or `dimse AE@host:port`, e.g. --to dicomweb http://pacs:8042/dicom-web")
        }
        guard to.first != "dimse" || DIMSEPeer(parsing: to[1]) != nil else {
            throw ValidationError("--to dimse takes AE@host:port, e.g. --to dimse PACS@10.0.0.5:104 (AE titles are 1-16 characters)")
        }
        guard !queue || !to.isEmpty else { throw ValidationError("--queue sends SEGs: give --to as well") }
    }

    func run() async throws {
        if to.count == 2 {
            // One spelling for records and jobs: the URL, or dimse://AE@host:port.
            let destination = to[0] == "dimse" ? DIMSEPeer(parsing: to[1])?.description ?? to[1] : to[1]
            return try await (queue ? queueSEGs(to: destination) : sendSEGs(to: destination))
        }
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

extension ExportCommand {
    private var nothingToSend: ValidationError {
        ValidationError("round \(round) of '\(project)' has no DICOM SEG pre-annotation to send "
                        + "(round 0 has no model; non-DICOM scans get NIfTI or PNG)")
    }

    private func queueSEGs(to url: String) async throws {
        let (project, round) = (self.project, self.round)
        let waiting = try await CLIDatabase.with { client, logger in
            try await client.withCatalogTransaction(logger: logger) { catalog in
                _ = try await catalog.configuration(of: project)
                let segs = try await catalog.segsToSend(project: project, round: round)
                guard !segs.isEmpty else { return 0 }
                try await catalog.enqueueExport(project: project, ExportPayload(round: round, destination: url), key: nil)
                return segs.count
            }
        }
        guard waiting > 0 else {
            throw nothingToSend
        }
        print("queued the export of \(waiting) SEG(s) of round \(round) to \(url); the ingest-service sends them "
              + "(`scanselect jobs list --kind export` follows it, `exports` records each send)")
    }

    private func sendSEGs(to url: String) async throws {
        let (project, round) = (self.project, self.round)
        let store = try TensorStore(root: DevStack().storeRoot)
        let destination = try SEGDestinations.make(url, credentials: try DICOMwebCredentials.fromEnvironment(),
                                                   callingAETitle: DIMSEClient.ownAETitle())
        let records = try await CLIDatabase.with { client, logger in
            try await SEGExporter(client: client, store: store, destination: destination, logger: logger)
                .export(project: project, round: round)
        }
        guard !records.isEmpty else {
            throw nothingToSend
        }
        for record in records {
            print("\(record.state.rawValue) \(record.scanID.uuidString.lowercased()) SEG \(record.sopInstanceUID)"
                  + (record.error.map { ": \($0)" } ?? ""))
        }
        let failed = records.filter { $0.state == .failed }.count
        guard failed == 0 else {
            throw ValidationError("\(failed) of \(records.count) SEGs were not stored (above); fix and run again")
        }
        print("sent \(records.count) SEGs of round \(round) to \(url)")
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
