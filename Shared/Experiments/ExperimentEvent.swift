import Catalog

/// What an experiment reports while it runs, for the command to print.
public enum ExperimentEvent: Sendable {
    case armStarted(ExperimentArm, index: Int, of: Int)
    /// A stage began or is still going (heartbeat).
    case stage(ExperimentArm, String)
    /// The services picked a round's scans; the simulated annotator labels them next.
    case selected(ExperimentArm, round: Int, [SelectedScan])
    case evaluated(ExperimentArm, ResultRow, ExperimentProgress)
    /// A round evaluated by an earlier run of the experiment.
    case alreadyDone(ExperimentArm, ResultRow)
}
