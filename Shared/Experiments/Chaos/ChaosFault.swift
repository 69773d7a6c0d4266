/// One fault the chaos soak injects. Services are killed with SIGKILL (no shutdown handler runs: what a crash, an
/// OOM kill or a pulled plug does) and started again; the database is restarted (every connection drops); the
/// store's disk is filled to the last byte for a while and then freed.
public enum ChaosFault: Sendable, Equatable, CustomStringConvertible {
    case kill(service: String)
    case restartDatabase
    case fillDisk

    public var description: String {
        switch self {
        case let .kill(service): "SIGKILL \(service) and restart it"
        case .restartDatabase: "restart PostgreSQL"
        case .fillDisk: "fill the store's disk"
        }
    }
}

/// Which fault comes at each tick of the soak (a tick every few seconds): a seeded random service killed at
/// every tick, except the two database restarts and the full disk, spread over the first ticks so that even a
/// short soak meets them all. The same seed gives the same faults.
public struct ChaosSchedule: Sendable {
    public static let services = ["ingest-service", "embedding-service", "clustering-service", "trainer-service",
                                  "selector-service"]
    public let seed: UInt64
    public let databaseRestarts: [Int]
    public let diskFill: Int

    public init(seed: UInt64, databaseRestarts: [Int] = [2, 6], diskFill: Int = 4) {
        self.seed = seed
        self.databaseRestarts = databaseRestarts
        self.diskFill = diskFill
    }

    /// The tick after which every database restart and the disk fill have happened.
    public var lastSpecialTick: Int { (databaseRestarts + [diskFill]).max() ?? 0 }

    public func fault(at tick: Int) -> ChaosFault {
        if databaseRestarts.contains(tick) { return .restartDatabase }
        if tick == diskFill { return .fillDisk }
        // SplitMix64 of (seed, tick): a victim per tick without state to carry between ticks.
        var z = seed &+ UInt64(truncatingIfNeeded: tick) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return .kill(service: Self.services[Int(z % UInt64(Self.services.count))])
    }
}
