/// Whether the automatic cold start may run now, and if not, why — what `scanselect status` shows while round 0
/// waits. A hospital pool arrives in trickles (a PACS push over hours, a pull a series at a time), so the cold
/// start waits for a quiet period and a pool large enough for its budget; `scanselect coldstart` skips both.
public enum ColdStartReadiness: Sendable, Equatable, CustomStringConvertible {
    /// Round 0 exists.
    case started(RoundState)
    /// The project clusters only when asked (`coldStart.automatic` is false).
    case manual
    case embedding(pending: Int)
    case tooSmall(pool: Int, minimum: Int)
    /// New scans arrived `quietSeconds` ago; the pool settles after `remainingSeconds` more.
    case settling(quietSeconds: Double, remainingSeconds: Double)
    case ready

    /// What the pool looks like now.
    public struct Pool: Sendable, Equatable {
        public var roundZero: RoundState?
        /// Pool scans embedded or waiting for their embedding (failed ones excluded).
        public var size: Int
        public var pending: Int
        /// Seconds since the newest pool scan arrived.
        public var quietSeconds: Double

        public init(roundZero: RoundState?, size: Int, pending: Int, quietSeconds: Double) {
            self.roundZero = roundZero
            self.size = size
            self.pending = pending
            self.quietSeconds = quietSeconds
        }
    }

    public static func evaluate(_ pool: Pool, settings: ProjectConfiguration.ColdStartSettings) -> ColdStartReadiness {
        if let state = pool.roundZero { return .started(state) }
        guard settings.automatic else { return .manual }
        guard pool.pending == 0 else { return .embedding(pending: pool.pending) }
        guard pool.size >= settings.effectiveMinimumPool else {
            return .tooSmall(pool: pool.size, minimum: settings.effectiveMinimumPool)
        }
        guard pool.quietSeconds >= Double(settings.settleSeconds) else {
            return .settling(quietSeconds: pool.quietSeconds, remainingSeconds: Double(settings.settleSeconds) - pool.quietSeconds)
        }
        return .ready
    }

    public var description: String {
        switch self {
        case let .started(state):
            "round 0 is \(state.rawValue)"
        case .manual:
            "automatic cold start is off: run scanselect coldstart"
        case let .embedding(pending):
            "waiting for \(pending) scan(s) to be embedded"
        case let .tooSmall(pool, minimum):
            "pool \(pool) < minimum \(minimum): ingest more scans, lower coldStart.minimumPool, or run scanselect coldstart"
        case let .settling(quiet, remaining):
            "pool settling: last scan \(Int(quiet)) s ago, cold start in \(Int(remaining.rounded(.up))) s unless more arrive"
        case .ready:
            "ready: the cold start runs now"
        }
    }
}
