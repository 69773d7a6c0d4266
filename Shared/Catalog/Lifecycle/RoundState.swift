/// Where a round is in its life: picked and waiting for labels, training, scoring the pool, choosing the next
/// batch, or done. `rounds.state` stores the raw value; the schema's check constraint lists exactly these
/// (a test compares them).
public enum RoundState: String, CaseIterable, Sendable, Codable {
    /// Picks recorded; the annotators label them.
    case open
    /// Every pick labelled (or the operator closed it): the trainer-service trains the round's model.
    case training
    /// The model scores the unlabelled pool.
    case scoring
    /// The scores choose the next round's batch.
    case selecting
    /// Finished: the next round (if any) is open, or the project has ended.
    case closed
}
