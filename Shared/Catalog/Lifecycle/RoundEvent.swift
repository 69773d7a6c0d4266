/// What can happen to a round. Each stage reports its event inside the transaction that records its result,
/// and `RoundLifecycle` decides the round's next state and the jobs that follow.
public enum RoundEvent: Sendable, Equatable {
    /// The round's picks were recorded: the cold start (round 0) or the previous round's selection.
    /// `allLabelled` when every pick already has a label (a re-picked scan, an experiment's test labels).
    case picked(count: Int, allLabelled: Bool)
    /// A label arrived and now every pick of the round has one.
    case labelsComplete
    /// The operator closes the round before every label is in (`scanselect round close`).
    case closeRequested
    /// The round's model is trained; `isLastRound` when the project's `maxRounds` is reached.
    case modelTrained(isLastRound: Bool)
    /// The model has scored the unlabelled pool.
    case poolScored
    /// The next round's batch was chosen: `count` picks (0 when the pool is exhausted).
    case batchSelected(count: Int)
}
