import Foundation
import SafeTensors
import TensorStore

/// The score job's BADGE gradient embeddings, handed to the select job through the store (one matrix, rows
/// in the order of the scan ids in its metadata) so they need no column of their own.
enum GradientFile {
    static func path(project: String, round: Int) -> String { "scores/\(project)/round-\(round)/gradients.safetensors" }

    static func write(_ rows: [(scan: UUID, embedding: [Float])], project: String, round: Int,
                      store: TensorStore) throws {
        let dimension = rows.first?.embedding.count ?? 0
        var writer = SafeTensorsWriter(metadata: ["scans": rows.map(\.scan.uuidString).joined(separator: ",")])
        writer.add("gradients", floats: rows.flatMap(\.embedding), shape: [rows.count, dimension])
        try store.write(bytes: writer.serialized(), to: path(project: project, round: round))
    }

    static func read(project: String, round: Int, store: TensorStore) throws -> [UUID: [Float]] {
        let relative = path(project: project, round: round)
        let file = try store.read(relative)
        let scans = (file.metadata["scans"] ?? "").split(separator: ",").compactMap { UUID(uuidString: String($0)) }
        let shape = try file.entry("gradients").shape
        guard shape.count == 2, shape[0] == scans.count else {
            throw RoundsError.unreadableTensor(path: relative, reason: "gradients \(shape) do not match \(scans.count) scan ids")
        }
        let values = try file.floats("gradients")
        return Dictionary(uniqueKeysWithValues: scans.enumerated().map { row, scan in
            (scan, Array(values[(row * shape[1])..<((row + 1) * shape[1])]))
        })
    }
}
