import Foundation

/// The drop folder on disk. Files arrive anywhere under `<root>/<project>/…` (masks under
/// `<root>/<project>/labels/…`); the watcher moves each one, keeping its relative path, to
/// `processed/` (or deleted, per `InboxRetention`) or to `failed/` (with `<name>.error.txt` beside it).
///
/// Claiming is a `rename(2)` into `.claimed/`: rename is atomic within one filesystem, so when several
/// replicas share the inbox exactly one of them moves a given file and the others see it gone. It needs no
/// database row; what a crashed replica leaves in `.claimed/` is given back by `ClaimRecovery`. A multi-slice series is claimed as a whole by first creating
/// `.claimed/series/<SeriesInstanceUID>` (`mkdir(2)` is atomic too), so two replicas never split one series.
public struct InboxLayout: Sendable {
    public let root: String
    /// Top-level names that are not project folders.
    static let reserved: Set<String> = [".claimed", "processed", "failed"]

    public init(root: String) {
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    var processed: String { root + "/processed" }
    var failed: String { root + "/failed" }
    static let seriesFolder = "series"
    func claimed(replica: String) -> String { root + "/.claimed/" + replica }
    func seriesClaim(_ uid: String) -> String { root + "/.claimed/" + Self.seriesFolder + "/" + uid }
    /// Touched by a running replica; see `ClaimRecovery`.
    func liveness(replica: String) -> String { root + "/.claimed/" + replica + ".alive" }

    /// Regular files waiting in project folders, as paths relative to the root (hidden files skipped: they
    /// are how copy tools write before renaming into place).
    func waitingFiles() -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let components = relative.split(separator: "/")
            if let top = components.first, Self.reserved.contains(String(top)) {
                enumerator.skipDescendants()
                continue
            }
            if components.contains(where: { $0.hasPrefix(".") }) { continue }
            if enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular { files.append(relative) }
        }
        return files.sorted()
    }

    /// The project folder a relative path lies in, and whether it is a mask (under `<project>/labels/`).
    static func route(_ relative: String) -> (project: String, isLabel: Bool)? {
        let components = relative.split(separator: "/").map(String.init)
        guard components.count >= 2 else { return nil }
        return (components[0], components.count >= 3 && components[1] == "labels")
    }

    /// Folders we create for originals (claims, processed/, failed/, received instances) hold patients' data, so
    /// they are readable by the service's own user only (0700), whatever the umask.
    static func makePrivateFolder(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }

    /// Moves `source` to `destination`, creating folders; never overwrites (a later file of the same name
    /// gets a numbered suffix). Returns the path used.
    @discardableResult
    static func move(_ source: String, to destination: String) throws -> String {
        let manager = FileManager.default
        try makePrivateFolder((destination as NSString).deletingLastPathComponent)
        var target = destination
        var attempt = 1
        while manager.fileExists(atPath: target) {
            target = "\(destination).\(attempt)"
            attempt += 1
        }
        guard rename(source, target) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: source,
                                                           NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
        return target
    }
}
