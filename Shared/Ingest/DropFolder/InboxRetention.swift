import Foundation

/// What becomes of an original once it is ingested (`INBOX_RETENTION`). The catalog keeps the normalised tensor,
/// the geometry and the UIDs that write-back needs, so by default the original — which carries the patient's
/// name, IDs and dates — is deleted at once; `keep` files it under `processed/` for good, `days:N` for N days (a
/// site that wants to re-ingest with other settings). Quarantined files in `failed/` are always kept: a person
/// must look at them.
public enum InboxRetention: Sendable, Equatable {
    case delete
    case keep
    case days(Int)

    /// `delete` (also empty), `keep` or `days:N` with N ≥ 1; nil for anything else.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "", "delete": self = .delete
        case "keep": self = .keep
        case let value where value.hasPrefix("days:"):
            guard let days = Int(value.dropFirst(5)), (1...36_500).contains(days) else { return nil }
            self = .days(days)
        default:
            return nil
        }
    }

    /// Whether an original filed under `processed/` at `filed` is due to go at `now`.
    func expired(filedAt filed: Date, now: Date) -> Bool {
        switch self {
        case .delete: true
        case .keep: false
        case let .days(days): now.timeIntervalSince(filed) >= Double(days) * 86_400
        }
    }

    /// Deletes the originals under `processed` whose time is up (their modification time is when they were filed)
    /// and returns how many went. Cheap enough for every scan of the inbox at the sizes a drop folder holds, but
    /// callers sweep at most hourly.
    func sweep(processed root: String, now: Date) -> Int {
        guard case .days = self, let enumerator = FileManager.default.enumerator(atPath: root) else { return 0 }
        var removed = 0
        while let relative = enumerator.nextObject() as? String {
            guard enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular,
                  let modified = enumerator.fileAttributes?[.modificationDate] as? Date,
                  expired(filedAt: modified, now: now), unlink(root + "/" + relative) == 0 else { continue }
            removed += 1
        }
        return removed
    }
}
