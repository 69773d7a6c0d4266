/// Small vector helpers shared by the encoders.
public enum VectorMath {
    /// `v / ‖v‖`; an all-zero vector stays zero rather than turning into NaNs.
    public static func l2Normalized(_ v: [Float]) -> [Float] {
        var sum: Float = 0
        for x in v { sum += x * x }
        guard sum > 0 else { return v }
        let inverse = 1 / sum.squareRoot()
        return v.map { $0 * inverse }
    }

    public static func euclideanDistance(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "vectors of different lengths \(a.count) and \(b.count)")
        var sum: Float = 0
        for i in a.indices { sum += (a[i] - b[i]) * (a[i] - b[i]) }
        return sum.squareRoot()
    }
}
