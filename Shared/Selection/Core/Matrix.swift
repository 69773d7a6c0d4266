/// Row-major n × d matrix of Double: the single shape every algorithm here consumes. Double rather than Float
/// because silhouette and inertia must agree with scikit-learn (float64) to 1e-6.
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    public internal(set) var values: [Double]

    public init(rows: Int, cols: Int, values: [Double]) throws(SelectionError) {
        guard rows >= 0, cols > 0 else {
            throw .invalidParameter(name: "matrix shape", value: "\(rows)×\(cols)", requirement: "at least one column")
        }
        guard values.count == rows * cols else {
            throw .shapeMismatch(what: "matrix values", expected: rows * cols, actual: values.count)
        }
        for r in 0..<rows {
            for c in 0..<cols where !values[r * cols + c].isFinite {
                throw .nonFiniteValue(what: "matrix", row: r)
            }
        }
        self.init(unchecked: rows, cols, values)
    }

    /// Embedding services hand over Float vectors; widening once here keeps every kernel single-precision-free.
    public init(rows: Int, cols: Int, float32 values: [Float]) throws(SelectionError) {
        try self.init(rows: rows, cols: cols, values: values.map(Double.init))
    }

    public init(rowVectors: [[Double]]) throws(SelectionError) {
        guard let first = rowVectors.first else { throw .emptyPool }
        var flat: [Double] = []
        flat.reserveCapacity(rowVectors.count * first.count)
        for (r, row) in rowVectors.enumerated() {
            guard row.count == first.count else {
                throw .shapeMismatch(what: "row \(r)", expected: first.count, actual: row.count)
            }
            flat.append(contentsOf: row)
        }
        try self.init(rows: rowVectors.count, cols: first.count, values: flat)
    }

    init(unchecked rows: Int, _ cols: Int, _ values: [Double]) {
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    static func zeros(_ rows: Int, _ cols: Int) -> Matrix {
        Matrix(unchecked: rows, cols, [Double](repeating: 0, count: rows * cols))
    }

    public internal(set) subscript(row: Int, col: Int) -> Double {
        get { values[row * cols + col] }
        set { values[row * cols + col] = newValue }
    }

    public func row(_ i: Int) -> ArraySlice<Double> {
        values[(i * cols)..<((i + 1) * cols)]
    }

    /// The sub-matrix of the given rows, in the given order.
    public func selecting(rows indices: [Int]) -> Matrix {
        var out = [Double]()
        out.reserveCapacity(indices.count * cols)
        for i in indices { out.append(contentsOf: row(i)) }
        return Matrix(unchecked: indices.count, cols, out)
    }

    /// Squared Euclidean distance between row `i` of self and row `j` of `other`, by direct differences so that
    /// identical vectors give exactly 0 (the duplicate test depends on it).
    @inline(__always)
    func squaredDistance(_ i: Int, _ other: Matrix, _ j: Int) -> Double {
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                guard let pa = a.baseAddress, let pb = b.baseAddress else { return 0 }
                return squaredEuclidean(pa + i * cols, pb + j * cols, cols)
            }
        }
    }

    /// Rows scaled to unit Euclidean length, as the paper normalises its features; zero rows stay zero.
    public func l2Normalised() -> Matrix {
        var out = values
        for r in 0..<rows {
            let norm = row(r).reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { continue }
            for c in 0..<cols { out[r * cols + c] /= norm }
        }
        return Matrix(unchecked: rows, cols, out)
    }

    func squaredRowNorms() -> [Double] {
        (0..<rows).map { i in row(i).reduce(0) { $0 + $1 * $1 } }
    }

    func columnMeans() -> [Double] {
        var means = [Double](repeating: 0, count: cols)
        for r in 0..<rows { for c in 0..<cols { means[c] += values[r * cols + c] } }
        return means.map { $0 / Double(max(rows, 1)) }
    }
}

@inline(__always)
func squaredEuclidean(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ d: Int) -> Double {
    var s = 0.0
    for k in 0..<d {
        let t = a[k] - b[k]
        s += t * t
    }
    return s
}
