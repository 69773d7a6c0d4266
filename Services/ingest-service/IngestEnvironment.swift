import Foundation
import Ingest
import ServiceRuntime
import Database

/// The ingest-service's own settings, beside the shared `ServiceConfiguration`.
struct IngestEnvironment: Sendable {
    /// nil: no drop folder is watched.
    var dropFolder: DropFolderSettings?
    /// nil: STOW-RS is off (it needs both a token and the drop folder it hands instances to).
    var stowToken: String?
    var stowMaxBytes: Int
    var defaultProject: String?
    /// nil: the DIMSE door is off (it needs DIMSE_PORT, a project and the drop folder it hands instances to).
    var dimse: DIMSESettings?
    /// Received instances (STOW-RS, DIMSE) decoded at once.
    var decodeConcurrency: Int
    /// How often the queue's depth is sampled into the metrics.
    var queueSampleInterval: Duration

    init(service: ServiceConfiguration,
         environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) {
        let reader = EnvironmentReader(environment: environment)
        if let inbox = environment["SCANSELECT_INBOX"], !inbox.isEmpty {
            let replica = environment["SCANSELECT_REPLICA_ID"].flatMap { $0.isEmpty ? nil : $0 }
                ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())"
            dropFolder = DropFolderSettings(
                inbox: inbox, replicaID: replica,
                scanInterval: .milliseconds(try reader.integer("INBOX_SCAN_MS", default: 1000, range: 10...600_000)),
                seriesQuietPeriod: .milliseconds(try reader.integer("SERIES_QUIET_MS", default: 5000, range: 0...3_600_000)),
                concurrency: service.workerConcurrency)
            dropFolder?.claimStaleAfter = .milliseconds(
                try reader.integer("INBOX_CLAIM_STALE_MS", default: 60_000, range: 100...86_400_000))
            let retention = environment["INBOX_RETENTION"] ?? ""
            guard let policy = InboxRetention(parsing: retention) else {
                throw .invalid(variable: "INBOX_RETENTION", value: retention,
                               fix: "use `delete` (the default: originals go once ingested), `keep`, or `days:N` (N ≥ 1)")
            }
            dropFolder?.retention = policy
            let naming = environment["SOURCE_REF"] ?? ""
            guard let sourceNaming = SourceNaming(parsing: naming) else {
                throw .invalid(variable: "SOURCE_REF", value: naming,
                               fix: "use `name` (the default: a file is known by its name alone) or `relative` (its path below the project's inbox folder)")
            }
            dropFolder?.sourceNaming = sourceNaming
        }
        queueSampleInterval = .milliseconds(try reader.integer("QUEUE_SAMPLE_MS", default: 15_000, range: 100...3_600_000))
        stowToken = environment["STOW_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        stowMaxBytes = try reader.integer("STOW_MAX_BYTES", default: 512 << 20, range: 1024...(1 << 40))
        // Each decode may take up to the decode budget: two at once by default keeps a burst within a few GiB.
        decodeConcurrency = try reader.integer("DECODE_CONCURRENCY", default: 2, range: 1...256)
        defaultProject = environment["SCANSELECT_DEFAULT_PROJECT"].flatMap { $0.isEmpty ? nil : $0 }
        if let port = environment["DIMSE_PORT"], !port.isEmpty {
            let project = environment["DIMSE_PROJECT"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultProject
            guard let project else {
                throw .missing(variable: "DIMSE_PROJECT",
                               fix: "name the project DIMSE instances join (DIMSE_PROJECT or SCANSELECT_DEFAULT_PROJECT).")
            }
            func list(_ name: String) -> Set<String> {
                Set((environment[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty })
            }
            var policy = AssociationPolicy(aeTitle: DIMSEClient.ownAETitle(environment: environment),
                                           allowedCallingAETitles: list("DIMSE_ALLOWED_AE_TITLES"))
            policy.maximumInstanceBytes = stowMaxBytes
            var settings = DIMSESettings(port: try reader.integer("DIMSE_PORT", default: 11112, range: 1...65535),
                                         policy: policy, project: project)
            settings.host = environment["DIMSE_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "0.0.0.0"
            settings.allowedPeers = list("DIMSE_ALLOWED_PEERS")
            settings.artimSeconds = Int64(try reader.integer("DIMSE_ARTIM_SECONDS", default: 30, range: 1...3600))
            settings.idleSeconds = Int64(try reader.integer("DIMSE_IDLE_SECONDS", default: 120, range: 1...86_400))
            dimse = settings
        }
    }
}
