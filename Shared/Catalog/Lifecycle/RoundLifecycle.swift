import JobQueue

/// The round life-cycle as one pure state machine, in the manner of postgres-nio's connection state machine:
/// no I/O, just (state, event) → (next state, jobs to enqueue) or a typed refusal. Every round state change
/// and every pipeline job after the cold start goes through `transition`; `Catalog.apply` runs it inside the
/// stage's own transaction, so the new state and the next job commit together with the stage's result.
///
///     (none) ─picked─▶ open ─labelsComplete / closeRequested─▶ training ─modelTrained─▶ scoring
///                        ▲                                          │ (last round)          │ poolScored
///                        │                                          ▼                       ▼
///                 next round's picked ◀──batchSelected (count > 0)── closed ◀── batchSelected ── selecting
public enum RoundLifecycle {
    /// The outcome of an event that the state machine accepts.
    public struct Transition: Sendable, Equatable {
        public let state: RoundState
        public let enqueue: [PipelineJob]
        /// Whether the round's `closed_at` (when annotation ended) is stamped now.
        public let endsAnnotation: Bool

        public init(state: RoundState, enqueue: [PipelineJob] = [], endsAnnotation: Bool = false) {
            self.state = state
            self.enqueue = enqueue
            self.endsAnnotation = endsAnnotation
        }
    }

    /// `state` is nil for a round that does not exist yet.
    public static func transition(round: Int, from state: RoundState?,
                                  on event: RoundEvent) -> Result<Transition, RoundRefusal> {
        switch (state, event) {
        case let (nil, .picked(count, allLabelled)):
            guard count > 0 else { return .failure(RoundRefusal(round: round, state: state, event: event, reason: .nothingPicked)) }
            return .success(allLabelled ? startTraining(round) : Transition(state: .open))
        case (.open, .labelsComplete), (.open, .closeRequested):
            return .success(startTraining(round))
        case let (.training, .modelTrained(isLastRound)):
            return .success(isLastRound ? Transition(state: .closed) : Transition(state: .scoring, enqueue: [.score(round: round)]))
        case (.scoring, .poolScored):
            return .success(Transition(state: .selecting, enqueue: [.select(round: round + 1)]))
        case (.selecting, .batchSelected):
            return .success(Transition(state: .closed))
        case (.some, .picked):
            return .failure(RoundRefusal(round: round, state: state, event: event, reason: .alreadyExists))
        case (nil, _):
            return .failure(RoundRefusal(round: round, state: state, event: event, reason: .noSuchRound))
        default:
            return .failure(RoundRefusal(round: round, state: state, event: event, reason: .wrongState))
        }
    }

    private static func startTraining(_ round: Int) -> Transition {
        Transition(state: .training, enqueue: [.train(round: round)], endsAnnotation: true)
    }
}

/// An event the round's state does not allow; the stage's transaction rolls back and the job keeps the message.
public struct RoundRefusal: PermanentJobError, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case noSuchRound
        case alreadyExists
        case nothingPicked
        case wrongState
    }

    public let round: Int
    public let state: RoundState?
    public let event: RoundEvent
    public let reason: Reason

    public var description: String {
        switch reason {
        case .noSuchRound:
            "round \(round) does not exist, so '\(event)' cannot apply: check the round number (scanselect status)"
        case .alreadyExists:
            "round \(round) already exists (\(state?.rawValue ?? "?")); its picks are kept — rounds are never rewritten"
        case .nothingPicked:
            "round \(round) would open with no picks: the pool has no unlabelled scans left"
        case .wrongState:
            "round \(round) is \(state?.rawValue ?? "?"), so '\(event)' does not apply to it" + hint
        }
    }

    private var hint: String {
        switch (state, event) {
        case (.training?, .closeRequested), (.training?, .labelsComplete):
            ": it is already training (scanselect status shows its progress)"
        case (.closed?, .closeRequested):
            ": it is already closed"
        default:
            ""
        }
    }

    /// Label arrivals and automatic checks race with each other and with the operator; when the round has
    /// already moved on, the event has nothing left to do.
    public var isAlreadyHandled: Bool {
        reason == .wrongState && (event == .labelsComplete || event == .closeRequested) && state != .open
    }
}
