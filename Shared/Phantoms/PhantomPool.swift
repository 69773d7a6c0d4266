import NumericSupport

/// What to generate: how many pool and test phantoms, their size, seed and style mix. Each split gets the
/// style shares on its own (largest remainder), so the test set is as imbalanced as the pool.
public struct PhantomPool: Sendable, Equatable {
    public var poolCount: Int
    public var testCount: Int
    public var size: Int
    public var seed: UInt64
    public var shares: [AcquisitionStyle: Double]

    public init(poolCount: Int, testCount: Int, size: Int, seed: UInt64,
                shares: [AcquisitionStyle: Double] = AcquisitionStyle.defaultShares) {
        self.poolCount = poolCount
        self.testCount = testCount
        self.size = size
        self.seed = seed
        self.shares = shares
    }

    /// Id, split and style of every phantom, pool first; styles are shuffled within each split by the seed.
    public func plan() throws(PhantomError) -> [(id: String, split: String, style: AcquisitionStyle)] {
        guard poolCount >= 1 else { throw .invalidCount(name: "pool count", value: poolCount) }
        guard testCount >= 0 else { throw .invalidCount(name: "test count", value: testCount) }
        guard size >= Phantom.minimumSize else { throw .invalidSize(size) }
        var random = SeededRandom(seed: seed, stream: .max)
        var entries: [(id: String, split: String, style: AcquisitionStyle)] = []
        let digits = String(poolCount + testCount).count
        for (split, count) in [("pool", poolCount), ("test", testCount)] {
            let quotas = try AcquisitionStyle.quotas(count: count, shares: shares)
            let styles = AcquisitionStyle.allCases.flatMap { Array(repeating: $0, count: quotas[$0] ?? 0) }
            for style in styles.shuffled(using: &random) {
                let number = String(entries.count + 1)
                entries.append((id: "phantom-" + String(repeating: "0", count: max(0, digits - number.count)) + number,
                                split: split, style: style))
            }
        }
        return entries
    }

    public func generate() throws(PhantomError) -> [Phantom] {
        var phantoms: [Phantom] = []
        for (index, entry) in try plan().enumerated() {
            phantoms.append(try Phantom.generate(id: entry.id, index: index, style: entry.style, split: entry.split,
                                                 size: size, seed: seed))
        }
        return phantoms
    }
}
