import Foundation
import SafeTensors
import TensorStore

/// Per-scan vectors the score job hands to the select job through the store (one matrix, rows in the order of
/// the scan ids in its metadata) so they need no column of their own: BADGE's gradient embeddings, or the
/// model's features for task-aware diversity.
enum ScanVectorFile {
    enum Kind: String {
        case gradients
        case features
    }

    static func path(_ kind: Kind, project: String, round: Int) -> String {
        "scores/\(project)/round-\(round)/\(kind.rawValue).safetensors"
    }

    static func write(_ kind: Kind, _ rows: [(scan: UUID, vector: [Float])], project: String, round: Int,
                      store: TensorStore) throws {
        let dimension = rows.first?.vector.count ?? 0
        var writer = SafeTensorsWriter(metadata: ["scans": rows.map(\.scan.uuidString).joined(separator: ",")])
        writer.add(kind.rawValue, floats: rows.flatMap(\.vector), shape: [rows.count, dimension])
        try store.write(bytes: writer.serialized(), to: path(kind, project: project, round: round))
    }

    static func read(_ kind: Kind, project: String, round: Int, store: TensorStore) throws -> [UUID: [Float]] {
        let relative = path(kind, project: project, round: round)
        let file = try store.read(relative)
        let scans = (file.metadata["scans"] ?? "").split(separator: ",").compactMap { UUID(uuidString: String($0)) }
        let shape = try file.entry(kind.rawValue).shape
        guard shape.count == 2, shape[0] == scans.count else {
            throw RoundsError.unreadableTensor(path: relative, reason: "\(kind.rawValue) \(shape) do not match \(scans.count) scan ids")
        }
        let values = try file.floats(kind.rawValue)
        return Dictionary(uniqueKeysWithValues: scans.enumerated().map { row, scan in
            (scan, Array(values[(row * shape[1])..<((row + 1) * shape[1])]))
        })
    }
}
