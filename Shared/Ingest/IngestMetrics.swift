import Telemetry

/// What the ingest doors count, with the label values in one place: `door` is stow, dimse or drop-folder; a
/// refusal's `reason` is `InstanceReception.Refusal`'s case for the network doors and `DropFolderRefusal`'s for
/// the drop folder.
public enum IngestMetrics {
    public static let dropFolder = "drop-folder"

    enum DropFolderRefusal: String, CaseIterable {
        /// A permanent error (unreadable, invalid, refused by the catalog).
        case unreadable
        /// A passing error that outlasted every attempt.
        case attemptsExhausted
    }

    static func received(bytes: Int, door: String) {
        MetricName.ingestBytes.increment(by: bytes, [("door", door)])
    }

    static func accepted(door: String) {
        MetricName.ingestInstances.increment([("door", door), ("outcome", "accepted"), ("reason", "")])
    }

    static func refused(door: String, reason: String, quarantined: Bool) {
        MetricName.ingestInstances.increment([("door", door), ("outcome", "refused"), ("reason", reason)])
        if quarantined { MetricName.ingestQuarantined.increment([("door", door)]) }
    }

    /// Every door's series at zero, for the ingest-service's start-up.
    public static func registerSeries() {
        let doors = InstanceReception.Door.allCases.map { ($0.rawValue, InstanceReception.Refusal.allCases.map(\.rawValue)) }
            + [(dropFolder, DropFolderRefusal.allCases.map(\.rawValue))]
        for (door, reasons) in doors {
            MetricName.ingestInstances.register([("door", door), ("outcome", "accepted"), ("reason", "")])
            for reason in reasons {
                MetricName.ingestInstances.register([("door", door), ("outcome", "refused"), ("reason", reason)])
            }
            MetricName.ingestQuarantined.register([("door", door)])
            if door != dropFolder { MetricName.ingestBytes.register([("door", door)]) }
        }
    }
}
