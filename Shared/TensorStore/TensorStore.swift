import Crypto
import Foundation
import SafeTensors

/// Tensor files on the volume every service mounts (`SCANSELECT_STORE`). Content-addressed: a tensor's path
/// is its SHA-256, so identical tensors are stored once and a path never changes meaning. Writes are atomic
/// (temporary file in the same folder, fsync, rename), so a crash never leaves a partial file under a final
/// name, and concurrent writers of the same content both succeed.
public struct TensorStore: Sendable {
    public let root: String

    public init(root: String) throws(TensorStoreError) {
        guard !root.isEmpty else { throw .unusableRoot(path: root, reason: "empty path") }
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
        try createDirectory(self.root)
    }

    /// Stores a safetensors file and returns its path relative to the root.
    @discardableResult
    public func put(_ tensors: SafeTensorsWriter) throws(TensorStoreError) -> String {
        try put(bytes: tensors.serialized())
    }

    /// Stores `bytes` under their hash. A file already there is kept only if its content still has that hash;
    /// a damaged one (a disk error, a copy cut short) is replaced by the good bytes.
    @discardableResult
    public func put(bytes: [UInt8]) throws(TensorStoreError) -> String {
        let hash = Self.sha256(bytes)
        let relative = "sha256/\(hash.prefix(2))/\(hash).safetensors"
        if let stored = FileManager.default.contents(atPath: absolutePath(relative)), Self.sha256(stored) == hash {
            return relative
        }
        try write(bytes: bytes, to: relative)
        return relative
    }

    /// Removes temporary files of writes that never finished (a writer killed between create and rename) once
    /// they are older than `seconds`, so a live writer's file is never touched. Services sweep at start.
    /// Returns how many were removed.
    @discardableResult
    public func sweepTemporaries(olderThan seconds: TimeInterval = 3_600) -> Int {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return 0 }
        let cutoff = Date().addingTimeInterval(-seconds)
        var removed = 0
        while let relative = enumerator.nextObject() as? String {
            guard (relative as NSString).lastPathComponent.hasPrefix(".tmp-"),
                  let modified = enumerator.fileAttributes?[.modificationDate] as? Date, modified < cutoff else { continue }
            if unlink(absolutePath(relative)) == 0 { removed += 1 }
        }
        return removed
    }

    /// Atomically writes (or replaces) a file at a chosen path, for mutable artefacts such as epoch checkpoints.
    public func write(bytes: [UInt8], to relative: String) throws(TensorStoreError) {
        let destination = try absolutePath(checking: relative)
        let directory = (destination as NSString).deletingLastPathComponent
        try createDirectory(directory)
        let temporary = "\(directory)/.tmp-\(UUID().uuidString)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw .writeFailed(path: temporary, reason: String(cString: strerror(errno))) }
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if written <= 0 { failure = String(cString: strerror(errno)); return }
                offset += written
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        close(descriptor)
        if failure == nil, rename(temporary, destination) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw .writeFailed(path: destination, reason: failure)
        }
        syncDirectory(directory)
    }

    /// Reads and validates a stored file; a truncated or corrupt file gives an error naming its path. A
    /// content-addressed file must still hash to its name.
    public func read(_ relative: String) throws(TensorStoreError) -> SafeTensorsFile {
        let path = try absolutePath(checking: relative)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .corrupt(path: path, reason: "missing or unreadable; re-ingest the scan (or retrain the round) that wrote it")
        }
        let file: SafeTensorsFile
        do {
            file = try SafeTensorsFile(bytes: [UInt8](data), source: path)
        } catch {
            throw .corrupt(path: path, reason: error.description)
        }
        // A file can parse and still be damaged (flipped bytes inside a tensor): its name says what it must hash to.
        if relative.hasPrefix("sha256/"), let expected = (relative as NSString).lastPathComponent.split(separator: ".").first,
           Self.sha256(data) != expected {
            throw .corrupt(path: path, reason: "content does not match its SHA-256 name (damaged on disk); re-ingest the scan "
                                              + "(or retrain the round) that wrote it")
        }
        return file
    }

    /// A stored non-tensor file (a pre-annotation) as it was written.
    public func read(bytes relative: String) throws(TensorStoreError) -> [UInt8] {
        let path = try absolutePath(checking: relative)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .corrupt(path: path, reason: "missing or unreadable; run the round's select job again to rewrite it")
        }
        return [UInt8](data)
    }

    static func sha256<D: DataProtocol>(_ bytes: D) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    public func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: absolutePath(relative))
    }

    public func absolutePath(_ relative: String) -> String { "\(root)/\(relative)" }

    private func absolutePath(checking relative: String) throws(TensorStoreError) -> String {
        guard !relative.hasPrefix("/"), !relative.split(separator: "/").contains("..") else {
            throw .unusableRoot(path: relative, reason: "store paths are relative and stay inside the store")
        }
        return absolutePath(relative)
    }

    private func createDirectory(_ path: String) throws(TensorStoreError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .unusableRoot(path: path, reason: "cannot create directory (\(error.localizedDescription)); check SCANSELECT_STORE and its permissions")
        }
    }

    /// Without this a rename can be lost on power failure even though the data was fsynced.
    private func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

public enum TensorStoreError: Error, CustomStringConvertible {
    case unusableRoot(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    case corrupt(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unusableRoot(path, reason): "tensor store path \(path): \(reason)"
        case let .writeFailed(path, reason): "cannot write \(path): \(reason); check free space on the store volume"
        case let .corrupt(path, reason): "corrupt tensor file \(path): \(reason)"
        }
    }
}
