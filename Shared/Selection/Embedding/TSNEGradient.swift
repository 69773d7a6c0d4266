import NumericSupport
import Foundation

/// Gradient of the t-SNE objective, 4·Σ_j (p_ij − q_ij)·w_ij·(y_i − y_j) with w = 1/(1 + d²): exactly, or with
/// the repulsive part approximated by Barnes–Hut. Points are processed in parallel chunks (two cores here).
enum TSNEGradient {
    case exact
    case barnesHut(theta: Double)

    func compute(_ positions: [Double], affinities: TSNEAffinities, exaggeration: Double, into grad: inout [Double]) {
        let n = positions.count / 2
        var repulsion = [Double](repeating: 0, count: 2 * n)
        var zPerChunk = [Double](repeating: 0, count: Parallelism.maxChunks)
        positions.withUnsafeBufferPointer { yBuffer in
            repulsion.withUnsafeMutableBufferPointer { repBuffer in
                zPerChunk.withUnsafeMutableBufferPointer { zBuffer in
                    guard let yBase = yBuffer.baseAddress, let repBase = repBuffer.baseAddress,
                          let zBase = zBuffer.baseAddress else { return }
                    let y = SharedReads(base: yBase), rep = DisjointWrites(base: repBase), zs = DisjointWrites(base: zBase)
                    let tree: QuadTree? = if case .barnesHut = self { QuadTree(positions: yBuffer) } else { nil }
                    parallelChunks(n) { chunk, range in
                        let stack = UnsafeMutablePointer<Int>.allocate(capacity: QuadTree.stackCapacity)
                        defer { stack.deallocate() }
                        var z = 0.0
                        for i in range {
                            let r: (fx: Double, fy: Double, z: Double)
                            switch self {
                            case .exact: r = Self.exactRepulsion(i, y.base, n)
                            case let .barnesHut(theta):
                                r = tree?.repulsion(x: y.base[2 * i], y: y.base[2 * i + 1], theta: theta, stack: stack) ?? (0, 0, 0)
                            }
                            rep.base[2 * i] = r.fx
                            rep.base[2 * i + 1] = r.fy
                            z += r.z
                        }
                        zs.base[chunk] = z
                    }
                }
            }
        }
        let z = max(zPerChunk.reduce(0, +), Double.leastNormalMagnitude)
        for i in 0..<n {
            var ax = 0.0, ay = 0.0
            for e in affinities.rowStart[i]..<affinities.rowStart[i + 1] {
                let j = affinities.columns[e]
                let dx = positions[2 * i] - positions[2 * j], dy = positions[2 * i + 1] - positions[2 * j + 1]
                let pw = exaggeration * affinities.values[e] / (1 + dx * dx + dy * dy)
                ax += pw * dx
                ay += pw * dy
            }
            grad[2 * i] = 4 * (ax - repulsion[2 * i] / z)
            grad[2 * i + 1] = 4 * (ay - repulsion[2 * i + 1] / z)
        }
    }

    private static func exactRepulsion(_ i: Int, _ y: UnsafePointer<Double>, _ n: Int) -> (fx: Double, fy: Double, z: Double) {
        var fx = 0.0, fy = 0.0, z = 0.0
        let xi = y[2 * i], yi = y[2 * i + 1]
        for j in 0..<n where j != i {
            let dx = xi - y[2 * j], dy = yi - y[2 * j + 1]
            let w = 1 / (1 + dx * dx + dy * dy)
            z += w
            fx += w * w * dx
            fy += w * w * dy
        }
        return (fx, fy, z)
    }
}
