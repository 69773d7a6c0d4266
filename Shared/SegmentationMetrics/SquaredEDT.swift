/// Exact squared Euclidean distance transform with per-axis spacing (Felzenszwalb & Huttenlocher, 2012),
/// applied one axis at a time. Chamfer approximations are off by up to ~8 % on diagonals, which would shift
/// HD/ASSD well beyond the reference tolerance.
enum SquaredEDT {
    /// The first axis only needs the distance to the nearest feature along that axis, so two linear sweeps
    /// replace the parabola envelope. Each position is a contiguous slice of `sliceSize` voxels, which lets both
    /// sweeps vectorise across the slice.
    static func firstAxis(surface: UnsafePointer<UInt8>, feature: UInt8, output g: UnsafeMutablePointer<Double>,
                          positions: Int, sliceSize: Int, spacing: Double) {
        for j in 0..<sliceSize {
            g[j] = surface[j] & feature != 0 ? 0 : .infinity
        }
        for i in 1..<positions {
            let current = g + i * sliceSize, previous = current - sliceSize, flags = surface + i * sliceSize
            for j in 0..<sliceSize {
                current[j] = flags[j] & feature != 0 ? 0 : previous[j] + 1
            }
        }
        for i in stride(from: positions - 2, through: 0, by: -1) {
            let current = g + i * sliceSize, next = current + sliceSize
            for j in 0..<sliceSize {
                current[j] = min(current[j], next[j] + 1)
            }
        }
        for k in 0..<(positions * sliceSize) {
            let length = g[k] * spacing
            g[k] = length * length
        }
    }

    /// Lower envelope of the parabolas `f[q] + (x − q·spacing)²` over the finite entries of `f`. Returns how many
    /// parabolas it keeps (0 when every entry is infinite). `boundaries` needs `count + 1` slots.
    static func lowerEnvelope(_ f: UnsafePointer<Double>, count: Int, spacing: Double,
                              vertices: UnsafeMutablePointer<Int32>,
                              boundaries: UnsafeMutablePointer<Double>) -> Int {
        var k = -1
        for q in 0..<count where f[q] < .infinity {
            let position = Double(q) * spacing
            let height = f[q] + position * position
            guard k >= 0 else {
                k = 0
                vertices[0] = Int32(q)
                boundaries[0] = -.infinity
                boundaries[1] = .infinity
                continue
            }
            var cut: Double
            // Terminates at k = 0 at the latest, whose boundary is −∞.
            while true {
                let vertex = Int(vertices[k])
                let vertexPosition = Double(vertex) * spacing
                cut = (height - (f[vertex] + vertexPosition * vertexPosition)) / (2 * (position - vertexPosition))
                if cut > boundaries[k] { break }
                k -= 1
            }
            k += 1
            vertices[k] = Int32(q)
            boundaries[k] = cut
            boundaries[k + 1] = .infinity
        }
        return k + 1
    }

    /// Evaluates an envelope built by `lowerEnvelope` at every position, writing with the given stride.
    static func evaluate(envelopeSize: Int, _ f: UnsafePointer<Double>, count: Int, spacing: Double,
                         vertices: UnsafePointer<Int32>, boundaries: UnsafePointer<Double>,
                         output: UnsafeMutablePointer<Double>, stride: Int) {
        guard envelopeSize > 0 else {
            for i in 0..<count { output[i * stride] = .infinity }
            return
        }
        var k = 0
        for i in 0..<count {
            let x = Double(i) * spacing
            while boundaries[k + 1] < x { k += 1 }
            let offset = x - Double(vertices[k]) * spacing
            output[i * stride] = offset * offset + f[Int(vertices[k])]
        }
    }

    /// Evaluates an envelope only where `flags[x]` has `queryBit`, appending the (unsquared) distances.
    static func sample(envelopeSize: Int, _ f: UnsafePointer<Double>, count: Int, spacing: Double,
                       vertices: UnsafePointer<Int32>, boundaries: UnsafePointer<Double>,
                       flags: UnsafePointer<UInt8>, queryBit: UInt8, into distances: inout DirectedDistances) {
        var k = 0
        for i in 0..<count where flags[i] & queryBit != 0 {
            let x = Double(i) * spacing
            while boundaries[k + 1] < x { k += 1 }
            let offset = x - Double(vertices[k]) * spacing
            distances.append((offset * offset + f[Int(vertices[k])]).squareRoot())
        }
    }
}
