/// The soak's verdict, from what the database holds at the end, checked against what was sent and against the
/// same run without faults. Every count must be 0.
public struct ChaosAudit: Sendable, Equatable {
    /// Inputs sent that are neither a scan nor still in flight (the soak waits for the pipeline to settle first).
    public var scansLost = 0
    /// Inputs that became more than one scan.
    public var scansIngestedTwice = 0
    /// Work that should have happened and did not: scans never embedded, dead jobs, rounds without their model.
    public var jobsLost = 0
    /// Results recorded more than once: a second model for a round, a second map, a label imported twice.
    public var resultsRecordedTwice = 0
    /// Rounds that did not reach their end state.
    public var roundsStuck = 0
    /// Rounds whose picks differ from the run without faults.
    public var selectionsDiffering = 0

    public init() {}

    public var passed: Bool { self == ChaosAudit() }

    /// What one run left, keyed by the input's own name (a phantom id), so two runs compare.
    public struct Outcome: Sendable, Equatable {
        /// Input name → scans recorded for it.
        public var scansPerInput: [String: Int] = [:]
        public var unembeddedScans = 0
        public var deadJobs = 0
        /// Jobs that took more than one attempt (a kill or an outage met them mid-flight): evidence, not damage.
        public var retriedJobs = 0
        /// Round → models recorded for it.
        public var modelsPerRound: [Int: Int] = [:]
        public var clusterRuns = 0
        /// Scan's input name → label versions recorded for it.
        public var labelVersions: [String: Int] = [:]
        /// Round → picks, input names in rank order.
        public var picks: [Int: [String]] = [:]
        public init() {}
    }

    /// `rounds` trained rounds were asked for (0 … rounds − 1), each expected to end with a model.
    public static func audit(sent: [String], rounds: Int, run: Outcome, clean: Outcome) -> ChaosAudit {
        var audit = ChaosAudit()
        audit.scansLost = sent.filter { (run.scansPerInput[$0] ?? 0) == 0 }.count
        audit.scansIngestedTwice = run.scansPerInput.values.filter { $0 > 1 }.map { $0 - 1 }.reduce(0, +)
        let missingModels = (0..<rounds).filter { (run.modelsPerRound[$0] ?? 0) == 0 }.count
        audit.jobsLost = run.unembeddedScans + run.deadJobs + missingModels
        audit.resultsRecordedTwice = run.modelsPerRound.values.map { max(0, $0 - 1) }.reduce(0, +)
            + max(0, run.clusterRuns - 1) + run.labelVersions.values.map { max(0, $0 - 1) }.reduce(0, +)
        audit.roundsStuck = (0..<rounds).filter { run.picks[$0] == nil || (run.modelsPerRound[$0] ?? 0) == 0 }.count
        audit.selectionsDiffering = Set(run.picks.keys).union(clean.picks.keys).filter { run.picks[$0] != clean.picks[$0] }.count
        return audit
    }
}
