import NumericSupport

/// Which samples train and which validate. Samples that share a source (the slices of one volume) always land on
/// the same side: a slice held out while its neighbours train would make validation Dice a measure of memory,
/// not of generalisation, and early stopping would pick the wrong epoch.
public enum ValidationSplit {
    public struct Sides: Equatable, Sendable {
        public let train: [Int]
        public let validation: [Int]
    }

    /// `sources[i]` names sample i's source, `nil` when the sample is its own. Sources are shuffled with `seed`
    /// and round(`fraction` × sources) of them are held out — at least one once there are two, never all; a
    /// single source is validated on itself. With every sample its own source this is the plain shuffled split.
    public static func split(sources: [Int?], fraction: Float, seed: UInt64) -> Sides {
        var members: [Source: [Int]] = [:]
        var distinct: [Source] = []
        for (index, source) in sources.enumerated() {
            let key = source.map(Source.shared) ?? .own(index)
            if members[key] == nil { distinct.append(key) }
            members[key, default: []].append(index)
        }
        var generator = SeededRandom(seed: seed)
        generator.shuffle(&distinct)
        let share = Int((Float(distinct.count) * fraction).rounded())
        let held = distinct.count < 2 ? 0 : min(distinct.count - 1, max(1, share))
        let samples = { (keys: ArraySlice<Source>) in keys.flatMap { members[$0] ?? [] } }
        let validation = samples(distinct.prefix(held))
        return Sides(train: held == 0 ? samples(distinct[...]) : samples(distinct.dropFirst(held)), validation: validation)
    }

    private enum Source: Hashable {
        case shared(Int)
        case own(Int)
    }
}
