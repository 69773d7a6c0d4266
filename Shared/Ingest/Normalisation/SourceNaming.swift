import Foundation

/// How a file that is not DICOM is named in `source_ref`, in the service's log and in exports. Senders put
/// patient names and record numbers in folder names (`SMITH_JOHN_1234/chest.png`), so by default only the
/// file's own name is kept — enough to match its mask by name — and a path relative to the import's root
/// only when an operator asks for it. DICOM inputs are named by their UIDs either way.
public enum SourceNaming: String, Sendable, CaseIterable {
    /// The file name alone.
    case name
    /// The path below the import's root (the folder imported, the manifest's folder, the project's inbox
    /// folder); a path outside the root keeps only its name, so no absolute path is ever stored.
    case relative

    public func reference(for path: String, root: String) -> String {
        let name = (path as NSString).lastPathComponent
        guard self == .relative else { return name }
        let below: String
        if root.isEmpty {
            // A root of "" is the working folder: relative paths lie below it, absolute ones do not.
            guard !path.hasPrefix("/") else { return name }
            below = path
        } else {
            let base = root.hasSuffix("/") ? root : root + "/"
            guard path.hasPrefix(base), path.count > base.count else { return name }
            below = String(path.dropFirst(base.count))
        }
        // `..` could climb out of the root; such a path is named like one outside it.
        return below.split(separator: "/").contains("..") ? name : below
    }

    /// `SOURCE_REF`'s value: empty means the default, `name`.
    public init?(parsing value: String) {
        guard !value.isEmpty else { self = .name; return }
        self.init(rawValue: value.lowercased())
    }
}
