/// How a phantom radiograph was acquired or stored. The pool is deliberately imbalanced (PA dominates, the
/// rest are minorities) because a selection method earns its keep by covering the rare styles too.
public enum AcquisitionStyle: String, CaseIterable, Sendable, Codable {
    /// Standing posteroanterior film: the majority.
    case pa
    /// Supine portable anteroposterior film with ECG leads, wires and tubes; the heart looks larger.
    case portableAP = "portable-ap"
    /// Stored MONOCHROME1-like: air is bright, bone is dark.
    case inverted
    /// Under- or over-exposed: a narrow, noisy grey range.
    case lowContrast = "low-contrast"
    /// Patient rotated in the image plane.
    case rotated
    /// Collimated or cropped off-centre and magnified.
    case cropped

    /// The default mix: about half PA, the rest spread unevenly over the minority styles.
    public static let defaultShares: [AcquisitionStyle: Double] = [
        .pa: 0.55, .portableAP: 0.15, .inverted: 0.08, .lowContrast: 0.08, .rotated: 0.08, .cropped: 0.06,
    ]

    /// Exactly `count` styles in the given shares (largest-remainder rounding, ties to the declaration order),
    /// so the proportions hold for small pools too. Shares need not sum to 1.
    public static func quotas(count: Int, shares: [AcquisitionStyle: Double]) throws(PhantomError) -> [AcquisitionStyle: Int] {
        let total = shares.values.reduce(0, +)
        guard count >= 0, total > 0, shares.values.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw .invalidShares(shares.map { "\($0.key.rawValue)=\($0.value)" }.sorted().joined(separator: ", "))
        }
        let exact = allCases.map { Double(count) * (shares[$0] ?? 0) / total }
        var quotas = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted { (exact[$0] - Double(quotas[$0])) > (exact[$1] - Double(quotas[$1])) }
        for index in order.prefix(count - quotas.reduce(0, +)) { quotas[index] += 1 }
        return Dictionary(uniqueKeysWithValues: zip(allCases, quotas))
    }
}
