import Foundation

/// Tells complete files from files still being written: a file is stable once its size and modification
/// time are the same on two consecutive scans. Also remembers when each file was first seen, so a series
/// can wait until no new instance has arrived for a quiet period.
struct StabilityTracker: Sendable {
    private struct Observation: Equatable {
        let size: UInt64
        let modified: Date
    }

    private var previous: [String: Observation] = [:]
    private(set) var firstSeen: [String: Date] = [:]

    /// Records this scan's observations and returns the files that did not change since the last scan.
    mutating func stable(_ paths: [String], root: String, now: Date) -> Set<String> {
        var current: [String: Observation] = [:]
        var stable: Set<String> = []
        for path in paths {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: root + "/" + path),
                  let size = attributes[.size] as? NSNumber, let modified = attributes[.modificationDate] as? Date
            else { continue }
            let observation = Observation(size: size.uint64Value, modified: modified)
            current[path] = observation
            if firstSeen[path] == nil { firstSeen[path] = now }
            if previous[path] == observation { stable.insert(path) }
        }
        previous = current
        firstSeen = firstSeen.filter { current[$0.key] != nil }
        return stable
    }
}
