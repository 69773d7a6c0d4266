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
        let below = Selection.select(values, count: count, rank: lower)
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

enum Selection {
    /// The `rank`-th smallest of `values[0..<count]` (Hoare quickselect); leaves smaller values on its left and
    /// larger or equal ones on its right.
    static func select(_ values: UnsafeMutablePointer<Double>, count: Int, rank: Int) -> Double {
        var low = 0, high = count - 1
        while low < high {
            let middle = low + (high - low) / 2
            // Median of three keeps sorted-ish inputs (common for boundary scans) away from quadratic time.
            if values[middle] < values[low] { values.swapAt(middle, low) }
            if values[high] < values[low] { values.swapAt(high, low) }
            if values[high] < values[middle] { values.swapAt(high, middle) }
            let pivot = values[middle]
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if rank <= j {
                high = j
            } else if rank >= i {
                low = i
            } else {
                return values[rank]
            }
        }
        return values[rank]
    }
}

private extension UnsafeMutablePointer where Pointee == Double {
    func swapAt(_ i: Int, _ j: Int) {
        let held = self[i]
        self[i] = self[j]
        self[j] = held
    }
}
