/// max|actual − expected| / max(max|expected|, floor): the error relative to the reference's scale, so that
/// near-zero entries do not turn rounding noise into huge ratios; `floor` stands in for references that are
/// analytically zero. NaN must meet NaN, and arrays of different lengths never match (both count as an
/// infinite error, which every tolerance rejects).
public func relativeError(_ actual: [Float], _ expected: [Float], floor: Float = 1e-12) -> Float {
    guard actual.count == expected.count else { return .infinity }
    var worst: Float = 0, scale: Float = 0
    for (a, b) in zip(actual, expected) {
        if a.isNaN || b.isNaN {
            if a.isNaN != b.isNaN { return .infinity }
            continue
        }
        worst = max(worst, abs(a - b))
        scale = max(scale, abs(b))
    }
    return worst / max(scale, floor)
}
