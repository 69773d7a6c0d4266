import NumericSupport

/// Distances from every surface voxel of one mask to the other mask's surface, with running sum and maximum.
struct DirectedDistances {
    let values: UnsafeMutablePointer<Double>
    private(set) var count = 0
    private(set) var sum = 0.0
    private(set) var maximum = 0.0

    init(storage: UnsafeMutablePointer<Double>) {
        values = storage
    }

    mutating func append(_ distance: Double) {
        values[count] = distance
        count += 1
        sum += distance
        maximum = max(maximum, distance)
    }

    /// 95th percentile with numpy's default linear interpolation. Reorders `values`.
    func percentile95() -> Double {
        let position = Double(count - 1) * 0.95
        let lower = Int(position.rounded(.down))
        let gamma = position - Double(lower)
        let below = QuickSelect.select(UnsafeMutableBufferPointer(start: values, count: count), rank: lower)
        guard lower + 1 < count else { return below }
        // After selection everything right of `lower` is ≥ it, so the next order statistic is their minimum.
        var above = Double.infinity
        for i in (lower + 1)..<count { above = min(above, values[i]) }
        return numpyLerp(below, above, gamma)
    }

    /// numpy's `_lerp`, which interpolates from the nearer end so results match to the last bit.
    private func numpyLerp(_ a: Double, _ b: Double, _ t: Double) -> Double {
        let difference = b - a
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
    }
}

