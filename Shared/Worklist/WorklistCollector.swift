import Foundation
import Ingest
import Logging
import PostgresNIO
import TensorStore

/// `scanselect worklist collect DIR`: the masks annotators saved into a worklist's `labels/` become labels of their
/// scans (the label importer checks values and grid). What was imported is remembered in `labels/.collected` by
/// name, size and modification time, so collecting again imports only new or re-saved masks.
public struct WorklistCollector: Sendable {
    public struct Outcome: Sendable, Equatable {
        public var imported: [String] = []
        public var unchanged: [String] = []
        /// File name → why it was not imported (no pick matches, or the importer's reason).
        public var refused: [String: String] = [:]
    }

    static let ledgerName = ".collected"

    let importer: LabelImporter

    public init(client: PostgresClient, store: TensorStore, logger: Logger) {
        importer = LabelImporter(client: client, store: store, logger: logger)
    }

    public func collect(_ directory: String) async throws -> Outcome {
        guard let data = FileManager.default.contents(atPath: directory + "/" + WorklistManifest.fileName),
              let manifest = try? JSONDecoder().decode(WorklistManifest.self, from: data) else {
            throw WorklistError.notAWorklist(directory: directory)
        }
        let folder = directory + "/" + WorklistManifest.labelsFolder
        let ledgerPath = folder + "/" + Self.ledgerName
        var ledger = Set(((try? String(contentsOfFile: ledgerPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init))
        var outcome = Outcome()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for name in names {
            let path = folder + "/" + name
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            let stamp = "\(name)\t\((attributes[.size] as? Int) ?? 0)\t\((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
            guard !ledger.contains(stamp) else {
                outcome.unchanged.append(name)
                continue
            }
            guard let pick = manifest.pick(forMask: name) else {
                outcome.refused[name] = "no pick of this worklist starts its name; name it NN-<scan id>… as in picks.csv"
                continue
            }
            do {
                // The stem, not the saved name: only our own naming (rank, pseudonymous id) reaches the database.
                _ = try await importer.importLabel(file: path, name: "worklist round \(manifest.round): \(pick.stem)",
                                                   project: manifest.project, scan: pick.scan.uuidString)
                ledger.insert(stamp)
                outcome.imported.append(name)
            } catch {
                outcome.refused[name] = "\(error)"
            }
        }
        try (ledger.sorted().joined(separator: "\n") + "\n").write(toFile: ledgerPath, atomically: true, encoding: .utf8)
        return outcome
    }
}
