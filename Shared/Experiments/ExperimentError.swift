/// Failures of an experiment run, each saying what to do next.
public enum ExperimentError: Error, CustomStringConvertible, Equatable {
    case invalidPlan(String)
    case maskMissing(image: String)
    case configurationChanged(project: String)
    case scanFailed(project: String, source: String)
    case jobDead(project: String, kind: String, jobID: Int64, error: String)
    case stalled(project: String, waitingFor: String, seconds: Double)
    case unreadableResults(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case let .invalidPlan(reason):
            "invalid experiment: \(reason)"
        case let .maskMissing(image):
            "\(image) has no mask in the manifest: the simulated annotator needs every scan's ground truth"
        case let .configurationChanged(project):
            "project '\(project)' already exists with a different configuration: give the experiment a new --name "
                + "(or delete the project) so results never mix settings"
        case let .scanFailed(project, source):
            "project '\(project)': scan \(source) failed to ingest or embed; see `scanselect jobs --state dead` and the service logs"
        case let .jobDead(project, kind, jobID, error):
            "project '\(project)': \(kind) job \(jobID) is dead (\(error)); fix the cause, run `scanselect jobs retry \(jobID)`, "
                + "then rerun the experiment: it resumes where it stopped"
        case let .stalled(project, waitingFor, seconds):
            "project '\(project)': no \(waitingFor) after \(Int(seconds)) s; are the services running (`scanselect dev up`, "
                + "`scanselect status`)? Rerun the experiment to resume"
        case let .unreadableResults(path, line, reason):
            "\(path) line \(line): \(reason); fix or remove the line (it is re-evaluated on the next run)"
        }
    }
}
