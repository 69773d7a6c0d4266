/// How k was chosen: every candidate k with its k-means fit and silhouette, so the service can show the curve.
public struct ClusterCountChoice: Sendable, Equatable {
    public struct Candidate: Sendable, Equatable, Codable {
        public let k: Int
        public let inertia: Double
        public let silhouette: Double
    }

    public let candidates: [Candidate]
    public let best: KMeansResult
    public var k: Int { best.k }
}

/// Picks k over a range by maximum mean silhouette, as the paper does on the t-SNE map.
public struct ClusterCountSelection: Sendable {
    public var kRange: ClosedRange<Int>
    public var restarts: Int
    public var seed: UInt64
    /// Exact silhouette up to this many points, a seeded sample of `silhouetteSampleSize` above it.
    public var silhouetteExactLimit: Int
    public var silhouetteSampleSize: Int

    public init(kRange: ClosedRange<Int>, restarts: Int = 10, seed: UInt64 = 0,
                silhouetteExactLimit: Int = 20_000, silhouetteSampleSize: Int = 10_000) {
        self.kRange = kRange
        self.restarts = restarts
        self.seed = seed
        self.silhouetteExactLimit = silhouetteExactLimit
        self.silhouetteSampleSize = silhouetteSampleSize
    }

    public func choose(_ x: Matrix) throws(SelectionError) -> ClusterCountChoice {
        guard kRange.lowerBound >= 2, kRange.upperBound < x.rows else {
            throw .invalidParameter(name: "k range", value: "\(kRange.lowerBound)...\(kRange.upperBound)",
                                    requirement: "within 2...\(x.rows - 1) (silhouette needs 2 ≤ k < n)")
        }
        var candidates: [ClusterCountChoice.Candidate] = []
        var best: (fit: KMeansResult, silhouette: Double)?
        for k in kRange {
            let fit = try KMeans(k: k, restarts: restarts, seed: seed &+ UInt64(k)).fit(x)
            // Duplicate-heavy pools can leave fewer distinct clusters than k; such a k cannot be scored.
            guard Set(fit.labels).count >= 2 else { continue }
            let s = try Silhouette.score(x, labels: fit.labels, exactLimit: silhouetteExactLimit,
                                         sampleSize: silhouetteSampleSize, seed: seed)
            candidates.append(.init(k: k, inertia: fit.inertia, silhouette: s))
            if s > best?.silhouette ?? -.infinity { best = (fit, s) }
        }
        guard let chosen = best else {
            throw .invalidParameter(name: "pool", value: "\(x.rows) scans",
                                    requirement: "made of at least two distinct embeddings to form clusters")
        }
        return ClusterCountChoice(candidates: candidates, best: chosen.fit)
    }
}
