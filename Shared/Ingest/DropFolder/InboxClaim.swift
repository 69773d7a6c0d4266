import Foundation

/// Files one replica has taken out of the inbox (see `InboxLayout` for why a rename is the lock).
struct InboxClaim: Sendable {
    /// Relative path in the inbox → where the file lies now.
    let files: [(relative: String, claimed: String)]
    /// The series claim folder, removed once its files have moved on.
    let folder: String?

    var claimedPaths: [String] { files.map(\.claimed) }

    /// Nil when another replica got there first.
    static func single(_ relative: String, layout: InboxLayout, replica: String) -> InboxClaim? {
        let destination = layout.claimed(replica: replica) + "/" + relative
        try? InboxLayout.makePrivateFolder((destination as NSString).deletingLastPathComponent)
        guard rename(layout.root + "/" + relative, destination) == 0 else { return nil }
        return InboxClaim(files: [(relative, destination)], folder: nil)
    }

    /// The whole series or nothing of it: whoever creates the series folder moves the instances.
    static func series(_ uid: String, files relatives: [String], layout: InboxLayout, replica: String) -> InboxClaim? {
        let folder = layout.seriesClaim(uid)
        try? InboxLayout.makePrivateFolder((folder as NSString).deletingLastPathComponent)
        guard mkdir(folder, 0o700) == 0 else { return nil }
        let names = relatives.enumerated().map { index, relative in "\(index)-\((relative as NSString).lastPathComponent)" }
        let owner = SeriesClaimOwner(replica: replica, files: Dictionary(uniqueKeysWithValues: zip(names, relatives)))
        guard (try? owner.write(folder)) != nil else {
            rmdir(folder)
            return nil
        }
        var files: [(String, String)] = []
        for (name, relative) in zip(names, relatives) {
            let destination = folder + "/" + name
            if rename(layout.root + "/" + relative, destination) == 0 { files.append((relative, destination)) }
        }
        guard !files.isEmpty else {
            try? FileManager.default.removeItem(atPath: folder)
            return nil
        }
        return InboxClaim(files: files, folder: folder)
    }

    /// Done: every file deleted or to `processed/` (as `retention` says; its modification time becomes the filing
    /// time that `days:N` counts from), or to `failed/` with the reason beside it (always kept).
    func finish(layout: InboxLayout, failure: String?, retention: InboxRetention) throws {
        for (relative, claimed) in files {
            if failure == nil, retention == .delete {
                guard unlink(claimed) == 0 || errno == ENOENT else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: claimed,
                                                                   NSLocalizedDescriptionKey: String(cString: strerror(errno))])
                }
                continue
            }
            let moved = try InboxLayout.move(claimed, to: (failure == nil ? layout.processed : layout.failed) + "/" + relative)
            if let failure {
                try Data((failure + "\n").utf8).write(to: URL(fileURLWithPath: moved + ".error.txt"))
            } else {
                try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: moved)
            }
        }
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// Not done, for a reason that may pass (database unreachable, store full): back into the inbox.
    func release(layout: InboxLayout) throws {
        for (relative, claimed) in files { try InboxLayout.move(claimed, to: layout.root + "/" + relative) }
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }
}
