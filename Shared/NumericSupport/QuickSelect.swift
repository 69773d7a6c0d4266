/// The k-th smallest value without sorting (percentiles of images, HD95 of distance sets): Hoare partition
/// with a median-of-three pivot, which keeps sorted-ish inputs (common for boundary scans) away from
/// quadratic time. Afterwards smaller values are left of `rank`, larger or equal ones right of it.
public enum QuickSelect {
    public static func select<T: Comparable>(_ values: UnsafeMutableBufferPointer<T>, rank: Int) -> T {
        precondition(values.indices.contains(rank), "rank \(rank) is outside 0..<\(values.count)")
        var low = 0, high = values.count - 1
        while low < high {
            let middle = low + (high - low) / 2
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

    public static func select<T: Comparable>(_ values: inout [T], rank: Int) -> T {
        values.withUnsafeMutableBufferPointer { select($0, rank: rank) }
    }
}
