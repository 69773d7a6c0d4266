/// Errors of the domain tables, each naming what to fix.
public enum CatalogError: Error, CustomStringConvertible, Equatable {
    case invalidConfiguration(source: String, reason: String)
    case unknownProject(String)
    case unknownScan(String)
    case invalidProjectID(String)
    case labelRejected(source: String, reason: String)
    case unknownRoundState(String)
    case notPicked(scan: String)
    case scanInUse(scan: String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(source, reason):
            "\(source): invalid project configuration: \(reason)"
        case let .unknownProject(id):
            "no project '\(id)': create it with `scanselect project create \(id)`"
        case let .unknownScan(reference):
            "no scan matches '\(reference)': check the id, or ingest the scan first"
        case let .invalidProjectID(id):
            "'\(id)' is not a valid project id: use lower-case letters, digits, '-' and '_' (at most 63)"
        case let .labelRejected(source, reason):
            "\(source): label rejected: \(reason)"
        case let .unknownRoundState(state):
            "a round is in state '\(state)', which this version does not know: run `scanselect migrate` and upgrade every service"
        case let .notPicked(scan):
            "scan \(scan) was never picked, so there is nothing to skip: only a round's picks wait for a label"
        case let .scanInUse(scan):
            "scan \(scan) has been picked, labelled or skipped, so it is kept as annotators saw it and not replaced by the "
                + "fuller copy of its series that arrived: ingest that copy into a new project, or remove the scan first"
        }
    }
}
