/// Uncertainty sampling: the most uncertain scans first (ties to the lower index, for reproducibility).
enum EntropyRanking {
    static func top(_ candidates: [Int], entropy: [Double], count: Int) -> [ActiveLearningPick] {
        let ranked = candidates.sorted { entropy[$0] != entropy[$1] ? entropy[$0] > entropy[$1] : $0 < $1 }
        return ranked.prefix(count).enumerated().map { rank, i in
            ActiveLearningPick(index: i, entropy: entropy[i], distance: nil, total: entropy[i],
                               reason: "entropy rank \(rank + 1) (entropy \(format(entropy[i])))")
        }
    }
}
