import Catalog
import Foundation
import Imaging
import Logging
import PostgresNIO

public struct DropFolderSettings: Sendable {
    public var inbox: String
    /// Names this replica's claim folder; unique per running replica.
    public var replicaID: String
    public var scanInterval: Duration
    /// A multi-slice series is ingested once no new instance has arrived for this long.
    public var seriesQuietPeriod: Duration
    /// Files (or series) ingested at once.
    public var concurrency: Int
    /// Attempts for failures that may pass (database, store) before the file is quarantined anyway; they are
    /// spaced 1, 2, 4 … 64 s apart, so a database restart or a full disk for a minute or two loses nothing.
    public var maxAttempts = 8
    /// A replica silent this long is gone: its unfinished claims go back into the inbox (`ClaimRecovery`).
    public var claimStaleAfter: Duration = .seconds(60)
    /// What becomes of an original once it is ingested.
    public var retention = InboxRetention.delete
    /// How a file's path below `<inbox>/<project>/` is named in the catalog and the log.
    public var sourceNaming = SourceNaming.name

    public init(inbox: String, replicaID: String, scanInterval: Duration, seriesQuietPeriod: Duration, concurrency: Int) {
        self.inbox = inbox
        self.replicaID = replicaID
        self.scanInterval = scanInterval
        self.seriesQuietPeriod = seriesQuietPeriod
        self.concurrency = concurrency
    }
}

/// Scans the inbox every `scanInterval`, ingests complete files (images first, then the masks of projects
/// with no image still pending) and deletes each original once ingested (or files it under processed/, as
/// `retention` says), or quarantines it under failed/.
public actor DropFolderWatcher {
    let settings: DropFolderSettings
    let layout: InboxLayout
    let ingestor: Ingestor
    let labels: LabelImporter
    private var tracker = StabilityTracker()
    /// Stackable series of each stable file (nil: a scan on its own), read once per file.
    private var seriesOf: [String: String?] = [:]
    private var attempts: [String: Int] = [:]
    /// When a file whose ingest failed for a reason that may pass is tried again.
    private var retryAt: [String: Date] = [:]
    private var lastRetentionSweep = Date.distantPast

    public init(settings: DropFolderSettings, ingestor: Ingestor, labels: LabelImporter) {
        self.settings = settings
        self.layout = InboxLayout(root: settings.inbox)
        self.ingestor = ingestor
        self.labels = labels
    }

    public func run() async throws {
        try FileManager.default.createDirectory(atPath: layout.root, withIntermediateDirectories: true)
        ingestor.logger.info("watching drop folder", metadata: ["inbox": "\(layout.root)", "replica": "\(settings.replicaID)"])
        let stale = settings.claimStaleAfter.components
        let recovery = ClaimRecovery(layout: layout, replica: settings.replicaID,
                                     staleAfter: Double(stale.seconds) + Double(stale.attoseconds) / 1e18)
        recovery.heartbeat()
        report(recovery.recover(includingOwn: true))
        let interval = settings.scanInterval
        await withTaskGroup(of: Void.self) { group in
            // Liveness is kept apart from the scans: a long ingest must not look like a dead replica.
            group.addTask {
                while !Task.isCancelled {
                    recovery.heartbeat()
                    do { try await Task.sleep(for: interval) } catch { return }
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    if await self.databaseReady() {
                        await self.report(recovery.recover(includingOwn: false))
                        await self.scan()
                    }
                    await self.sweepOriginals(now: Date())
                    // Cancellation (shutdown) ends the loop normally; nothing is left half-moved between scans.
                    do { try await Task.sleep(for: interval) } catch { return }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// `days:N`: originals whose time under processed/ is up go, hourly.
    func sweepOriginals(now: Date) {
        guard now.timeIntervalSince(lastRetentionSweep) >= 3600 else { return }
        lastRetentionSweep = now
        let removed = settings.retention.sweep(processed: layout.processed, now: now)
        if removed > 0 { ingestor.logger.info("originals past their retention deleted", metadata: ["files": "\(removed)"]) }
    }

    private func report(_ recovered: [String]) {
        guard !recovered.isEmpty else { return }
        ingestor.logger.notice("gave back claims of a stopped replica", metadata: ["files": "\(recovered.count)"])
    }

    /// Files are only claimed once the schema is there: a file taken while the database is down would fail.
    private func databaseReady() async -> Bool {
        (try? await ingestor.client.query("SELECT 1 FROM scans LIMIT 0", logger: ingestor.logger)) != nil
    }

    func scan() async {
        let now = Date()
        let waiting = layout.waitingFiles()
        let stable = tracker.stable(waiting, root: layout.root, now: now)
        seriesOf = seriesOf.filter { stable.contains($0.key) }
        var images: [String] = []
        var masks: [String] = []
        for path in waiting {
            guard let route = InboxLayout.route(path) else { continue }
            if route.isLabel { masks.append(path) } else { images.append(path) }
        }
        for path in images where stable.contains(path) && seriesOf[path] == nil {
            seriesOf[path] = .some(SeriesGrouping.stackableSeries(of: layout.root + "/" + path))
        }
        let due = { (path: String) in (self.retryAt[path] ?? .distantPast) <= now }
        let ready = readyUnits(images, stable: stable, now: now).filter { due($0.paths[0]) }
        await process(ready)
        let pending = Set(images).subtracting(ready.flatMap(\.paths)).compactMap { InboxLayout.route($0)?.project }
        let readyMasks = masks.filter { stable.contains($0) && due($0) && !pending.contains(InboxLayout.route($0)?.project ?? "") }
        await process(readyMasks.map { IngestUnit.file($0) })
    }

    /// Stable single files, and series whose every instance is stable and quiet.
    private func readyUnits(_ images: [String], stable: Set<String>, now: Date) -> [IngestUnit] {
        let known = images.filter { stable.contains($0) }
        var series: [String: String] = [:]
        for path in known { if let uid = seriesOf[path] ?? nil { series[path] = uid } }
        let quiet = Double(settings.seriesQuietPeriod.components.seconds)
            + Double(settings.seriesQuietPeriod.components.attoseconds) / 1e18
        let unsettledProjects = Set(images.filter { !stable.contains($0) }.compactMap { InboxLayout.route($0)?.project })
        return SeriesGrouping.plan(known, series: series).filter { unit in
            // A slice may be the first of a series still arriving, so it waits like a series does.
            let paths = unit.paths
            guard series[paths[0]] != nil else { return true }
            // A file still being written in the same project folder may be the series' next instance.
            guard let project = InboxLayout.route(paths[0])?.project, !unsettledProjects.contains(project) else { return false }
            let newest = paths.compactMap { tracker.firstSeen[$0] }.max() ?? now
            return now.timeIntervalSince(newest) >= quiet
        }
    }

    private func process(_ units: [IngestUnit]) async {
        let previous = attempts
        let (layout, settings, ingestor, labels) = (self.layout, self.settings, self.ingestor, self.labels)
        let outcomes = await Bounded.map(units, limit: settings.concurrency) { unit -> (String, Bool)? in
            guard let claim = Self.claim(unit, layout: layout, replica: settings.replicaID),
                  let first = claim.files.first?.relative, let route = InboxLayout.route(first) else { return nil }
            let folder = route.project + (route.isLabel ? "/labels" : "")
            let name = settings.sourceNaming.reference(for: first, root: folder)
            do {
                if route.isLabel {
                    _ = try await labels.importLabel(file: claim.claimedPaths[0], name: name, project: route.project)
                } else {
                    let claimed: IngestUnit = claim.files.count > 1
                        ? .series(uid: unit.seriesUID ?? "", paths: claim.claimedPaths) : .file(claim.claimedPaths[0])
                    _ = try await ingestor.ingest(claimed, reference: name, project: route.project)
                }
                try claim.finish(layout: layout, failure: nil, retention: settings.retention)
                IngestMetrics.accepted(door: IngestMetrics.dropFolder)
                return (first, true)
            } catch {
                let attempt = (previous[first] ?? 0) + 1
                let permanent = error is ImagingError || error is IngestError || error is CatalogError
                do {
                    if permanent || attempt >= settings.maxAttempts {
                        ingestor.logger.warning("input quarantined", metadata: ["file": "\(name)", "error": "\(error)"])
                        try claim.finish(layout: layout, failure: "\(error)", retention: settings.retention)
                        let reason: IngestMetrics.DropFolderRefusal = permanent ? .unreadable : .attemptsExhausted
                        IngestMetrics.refused(door: IngestMetrics.dropFolder, reason: reason.rawValue, quarantined: true)
                    } else {
                        ingestor.logger.warning("ingest failed; will retry", metadata: ["file": "\(name)", "error": "\(error)"])
                        try claim.release(layout: layout)
                    }
                } catch {
                    ingestor.logger.error("cannot move claimed file", metadata: ["file": "\(name)", "error": "\(error)"])
                }
                return (first, permanent || attempt >= settings.maxAttempts)
            }
        }
        let now = Date()
        for case let (path, done)? in outcomes {
            let attempt = (attempts[path] ?? 0) + 1
            attempts[path] = done ? nil : attempt
            retryAt[path] = done ? nil : now.addingTimeInterval(min(64, pow(2, Double(attempt - 1))))
        }
    }

    private static func claim(_ unit: IngestUnit, layout: InboxLayout, replica: String) -> InboxClaim? {
        switch unit {
        case let .file(path): InboxClaim.single(path, layout: layout, replica: replica)
        case let .series(uid, paths): InboxClaim.series(uid, files: paths, layout: layout, replica: replica)
        }
    }
}

extension IngestUnit {
    var seriesUID: String? {
        if case let .series(uid, _) = self { return uid }
        return nil
    }
}
