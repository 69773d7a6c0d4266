/// What the selector service knows about the pool at one active-learning round. Rows/entries are indexed by scan
/// position in the pool; every per-scan input must cover all scans, labelled ones included.
public struct ActiveLearningPool: Sendable {
    public let count: Int
    /// Row indices of scans that already have annotations: never picked, and diversity is measured from them.
    public let labelled: [Int]
    /// Per-scan uncertainty, e.g. the mean pixel entropy of the current model's prediction.
    public let entropy: [Double]?
    /// Where diversity is measured: the 2-D t-SNE map or the (PCA-reduced) embedding.
    public let coordinates: Matrix?
    /// Per-scan gradient embeddings for BADGE (penultimate features ⊗ (one-hot − p), built by the caller).
    public let gradientEmbeddings: Matrix?

    public init(count: Int, labelled: [Int] = [], entropy: [Double]? = nil, coordinates: Matrix? = nil,
                gradientEmbeddings: Matrix? = nil) throws(SelectionError) {
        guard count > 0 else { throw .emptyPool }
        for i in labelled where i < 0 || i >= count { throw .indexOutOfRange(what: "labelled scan", index: i, count: count) }
        if let entropy {
            guard entropy.count == count else { throw .shapeMismatch(what: "entropy", expected: count, actual: entropy.count) }
            if let bad = entropy.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteValue(what: "entropy", row: bad) }
        }
        for (name, matrix) in [("coordinates", coordinates), ("gradient embeddings", gradientEmbeddings)] {
            if let matrix, matrix.rows != count { throw .shapeMismatch(what: "\(name) rows", expected: count, actual: matrix.rows) }
        }
        self.count = count
        self.labelled = Array(Set(labelled)).sorted()
        self.entropy = entropy
        self.coordinates = coordinates
        self.gradientEmbeddings = gradientEmbeddings
    }

    /// Unlabelled scans in increasing index order: the only ones a strategy may pick.
    var candidates: [Int] {
        let taken = Set(labelled)
        return (0..<count).filter { !taken.contains($0) }
    }
}
