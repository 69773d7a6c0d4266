import Foundation

/// Garbage in the tensor store: content-addressed files (`sha256/…`) that no database row references. A file is
/// written before its row (so a failed insert leaves at most an orphan), which is why only files older than a
/// grace period count: a put whose row is still being inserted is never collected. Files at chosen paths (training
/// checkpoints, curves, gradients) belong to their runs and are not considered.
public struct StoreGarbage: Sendable, Equatable {
    public struct File: Sendable, Equatable {
        public let path: String
        public let bytes: Int
        public let modified: Date

        public init(path: String, bytes: Int, modified: Date) {
            self.path = path
            self.bytes = bytes
            self.modified = modified
        }
    }

    public let unreferenced: [File]
    public var bytes: Int { unreferenced.reduce(0) { $0 + $1.bytes } }

    /// The pure decision: content-addressed, unreferenced, and older than `grace` at `now`.
    public static func find(in files: [File], referenced: Set<String>, grace: TimeInterval, now: Date) -> StoreGarbage {
        StoreGarbage(unreferenced: files.filter { file in
            file.path.hasPrefix("sha256/") && !referenced.contains(file.path) && now.timeIntervalSince(file.modified) >= grace
        }.sorted { $0.path < $1.path })
    }
}

extension TensorStore {
    /// Every content-addressed file with its size and modification time.
    public func contentAddressedFiles() -> [StoreGarbage.File] {
        guard let enumerator = FileManager.default.enumerator(atPath: root + "/sha256") else { return [] }
        var files: [StoreGarbage.File] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".safetensors"), !(relative as NSString).lastPathComponent.hasPrefix("."),
                  let attributes = enumerator.fileAttributes, attributes[.type] as? FileAttributeType == .typeRegular
            else { continue }
            files.append(.init(path: "sha256/" + relative, bytes: (attributes[.size] as? Int) ?? 0,
                               modified: (attributes[.modificationDate] as? Date) ?? .distantPast))
        }
        return files
    }

    /// Removes the files; returns how many were removed.
    @discardableResult
    public func remove(_ garbage: StoreGarbage) -> Int {
        garbage.unreferenced.filter { unlink(absolutePath($0.path)) == 0 }.count
    }
}
