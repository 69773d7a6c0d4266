import NumericSupport

/// Value noise: random values on a coarse lattice, bilinearly interpolated. Gives lung markings and soft
/// tissue a vessel-like, low-frequency texture that pixel noise alone lacks.
struct SmoothNoise: Sendable {
    private let cells: Int
    private let lattice: [Double]

    init(cells: Int, random: inout SeededRandom) {
        self.cells = cells
        lattice = (0..<((cells + 1) * (cells + 1))).map { _ in random.uniform(-1...1) }
    }

    /// In [-1, 1] for (u, v) in [0, 1]².
    func value(u: Double, v: Double) -> Double {
        let x = min(max(u, 0), 1) * Double(cells), y = min(max(v, 0), 1) * Double(cells)
        let i = min(Int(x), cells - 1), j = min(Int(y), cells - 1)
        let fx = x - Double(i), fy = y - Double(j)
        func at(_ a: Int, _ b: Int) -> Double { lattice[b * (cells + 1) + a] }
        let top = at(i, j) * (1 - fx) + at(i + 1, j) * fx
        let bottom = at(i, j + 1) * (1 - fx) + at(i + 1, j + 1) * fx
        return top * (1 - fy) + bottom * fy
    }
}
