import Foundation

/// Gives back what a replica claimed and never finished (it was killed mid-ingest): without this, files stayed
/// in `.claimed/` forever and a leftover series claim made a re-sent copy of that series unclaimable.
///
/// Every replica touches `.claimed/<replica>.alive` while it runs. A claim whose replica has not been alive for
/// `staleAfter` is moved back into the inbox under its original relative path, where the next scan ingests it
/// again (the catalog deduplicates what had already been recorded, so nothing is ingested twice). A replica
/// gives back its own claims at start: with a stable `SCANSELECT_REPLICA_ID` nobody else runs under its name.
struct ClaimRecovery: Sendable {
    let layout: InboxLayout
    let replica: String
    let staleAfter: TimeInterval

    private var claimedRoot: String { layout.root + "/.claimed" }

    /// Touches the liveness file in place. Not `createFile`, which writes atomically through a `.dat.nosync…`
    /// temporary beside it on every beat: a replica killed mid-beat would leave that temporary in `.claimed/`.
    func heartbeat() {
        let path = layout.liveness(replica: replica)
        try? InboxLayout.makePrivateFolder(claimedRoot)
        if FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: path)
        } else {
            try? Data().write(to: URL(fileURLWithPath: path))
        }
    }

    /// Returns the relative paths moved back into the inbox.
    @discardableResult
    func recover(includingOwn: Bool, now: Date = Date()) -> [String] {
        var recovered: [String] = []
        let manager = FileManager.default
        for entry in (try? manager.contentsOfDirectory(atPath: claimedRoot)) ?? [] {
            let folder = claimedRoot + "/" + entry
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            if entry == InboxLayout.seriesFolder {
                recovered += recoverSeries(now: now, includingOwn: includingOwn)
            } else if entry == replica ? includingOwn : isStale(replica: entry, folder: folder, now: now) {
                for relative in DirectoryWalk.files(under: folder) {
                    if (try? InboxLayout.move(folder + "/" + relative, to: layout.root + "/" + relative)) != nil {
                        recovered.append(relative)
                    }
                }
                if entry != replica {
                    try? manager.removeItem(atPath: folder)
                    try? manager.removeItem(atPath: layout.liveness(replica: entry))
                }
            }
        }
        return recovered
    }

    private func recoverSeries(now: Date, includingOwn: Bool) -> [String] {
        var recovered: [String] = []
        let root = claimedRoot + "/" + InboxLayout.seriesFolder
        for uid in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
            let folder = root + "/" + uid
            let owner = SeriesClaimOwner.read(folder)
            let owned = owner?.replica == replica
            guard owned ? includingOwn : isStale(replica: owner?.replica, folder: folder, now: now) else { continue }
            for (claimed, relative) in owner?.files ?? [:] {
                if (try? InboxLayout.move(folder + "/" + claimed, to: layout.root + "/" + relative)) != nil {
                    recovered.append(relative)
                }
            }
            // Whatever has no known origin (a claim cut short before its owner file) is quarantined, not lost.
            for leftover in DirectoryWalk.files(under: folder) where leftover != SeriesClaimOwner.fileName {
                _ = try? InboxLayout.move(folder + "/" + leftover, to: layout.failed + "/series-claims/" + uid + "/" + leftover)
            }
            try? FileManager.default.removeItem(atPath: folder)
        }
        return recovered
    }

    /// A replica is gone when its liveness file is older than `staleAfter`; without one (it died before its first
    /// heartbeat), when its claim folder is.
    private func isStale(replica: String?, folder: String, now: Date) -> Bool {
        let reference = replica.map { layout.liveness(replica: $0) }.flatMap(Self.modified) ?? Self.modified(folder)
        return reference.map { now.timeIntervalSince($0) > staleAfter } ?? true
    }

    private static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}

/// `.claimed/series/<UID>/.owner`: who claimed the series and where each claimed file came from, written before
/// the first file moves so that a claim cut short can always be given back.
struct SeriesClaimOwner: Codable, Sendable {
    static let fileName = ".owner"
    let replica: String
    /// Claimed file name → path relative to the inbox root.
    let files: [String: String]

    static func read(_ folder: String) -> SeriesClaimOwner? {
        FileManager.default.contents(atPath: folder + "/" + fileName).flatMap { try? JSONDecoder().decode(Self.self, from: $0) }
    }

    func write(_ folder: String) throws {
        try JSONEncoder().encode(self).write(to: URL(fileURLWithPath: folder + "/" + Self.fileName))
    }
}

/// Regular files below a folder, as relative paths.
enum DirectoryWalk {
    static func files(under folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular { files.append(relative) }
        }
        return files.sorted()
    }
}
