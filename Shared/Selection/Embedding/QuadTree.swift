/// Barnes–Hut quadtree over the 2-D embedding, nodes in one flat array (no per-node allocation, good locality),
/// rebuilt every iteration. Leaves hold one position; identical positions share a leaf with a count, so
/// duplicates cannot recurse forever.
struct QuadTree {
    private struct Node {
        var centreX: Double
        var centreY: Double
        var halfWidth: Double
        /// Sums of member positions while building; centre of mass once `finish` has run.
        var massX = 0.0
        var massY = 0.0
        var count = 0
        var firstChild = -1
        /// (2 · halfWidth)², compared against theta² · d² when deciding to summarise.
        var squaredWidth: Double { 4 * halfWidth * halfWidth }
    }

    private var nodes: [Node] = []
    /// Deepest possible descent: splitting stops below a 1e-12 half-width, so depth stays far below this.
    static let stackCapacity = 1024

    /// `positions` interleaved x0, y0, x1, y1, …
    init(positions: UnsafeBufferPointer<Double>) {
        let n = positions.count / 2
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        for i in 0..<n {
            minX = min(minX, positions[2 * i]); maxX = max(maxX, positions[2 * i])
            minY = min(minY, positions[2 * i + 1]); maxY = max(maxY, positions[2 * i + 1])
        }
        nodes.reserveCapacity(4 * n)
        nodes.append(Node(centreX: (minX + maxX) / 2, centreY: (minY + maxY) / 2,
                          halfWidth: max(maxX - minX, maxY - minY) / 2 * (1 + 1e-6) + 1e-12))
        for i in 0..<n { insert(x: positions[2 * i], y: positions[2 * i + 1]) }
        for i in nodes.indices where nodes[i].count > 0 {
            nodes[i].massX /= Double(nodes[i].count)
            nodes[i].massY /= Double(nodes[i].count)
        }
    }

    private func quadrant(_ node: Int, _ x: Double, _ y: Double) -> Int {
        (x > nodes[node].centreX ? 1 : 0) + (y > nodes[node].centreY ? 2 : 0)
    }

    private mutating func insert(x: Double, y: Double) {
        var node = 0
        while true {
            if nodes[node].firstChild < 0 {
                let c = nodes[node].count
                if c == 0 {
                    nodes[node].count = 1; nodes[node].massX = x; nodes[node].massY = y
                    return
                }
                let occupantX = nodes[node].massX / Double(c), occupantY = nodes[node].massY / Double(c)
                if (occupantX == x && occupantY == y) || nodes[node].halfWidth < 1e-12 {
                    nodes[node].count += 1; nodes[node].massX += x; nodes[node].massY += y
                    return
                }
                split(node, occupantX: occupantX, occupantY: occupantY)
            }
            nodes[node].count += 1; nodes[node].massX += x; nodes[node].massY += y
            node = nodes[node].firstChild + quadrant(node, x, y)
        }
    }

    /// Moves a leaf's occupant (with its multiplicity) into the matching new child.
    private mutating func split(_ node: Int, occupantX: Double, occupantY: Double) {
        let parent = nodes[node]
        let half = parent.halfWidth / 2
        let first = nodes.count
        for q in 0..<4 {
            nodes.append(Node(centreX: parent.centreX + (q & 1 == 1 ? half : -half),
                              centreY: parent.centreY + (q & 2 == 2 ? half : -half), halfWidth: half))
        }
        nodes[node].firstChild = first
        let child = first + quadrant(node, occupantX, occupantY)
        nodes[child].count = parent.count; nodes[child].massX = parent.massX; nodes[child].massY = parent.massY
    }

    /// Repulsive force on a point at (x, y) with the Student-t kernel w = 1/(1 + d²): returns Σ w²·(y_i − y_j)
    /// and Σ w (the point's share of the normaliser Z), summarising cells whose width/distance < theta.
    /// `stack` must hold `stackCapacity` slots.
    func repulsion(x: Double, y: Double, theta: Double, stack: UnsafeMutablePointer<Int>) -> (fx: Double, fy: Double, z: Double) {
        var fx = 0.0, fy = 0.0, z = 0.0
        let theta2 = theta * theta
        return nodes.withUnsafeBufferPointer { tree in
            var top = 1
            stack[0] = 0
            while top > 0 {
                top -= 1
                let node = tree[stack[top]]
                if node.count == 0 { continue }
                let dx = x - node.massX, dy = y - node.massY
                let d2 = dx * dx + dy * dy
                if node.firstChild < 0 || node.squaredWidth < theta2 * d2 {
                    if d2 == 0 {
                        // Only the point's own leaf sits at distance 0: its copies add w = 1 each and no force.
                        z += Double(node.count - 1)
                        continue
                    }
                    let w = 1 / (1 + d2)
                    let cw = Double(node.count) * w
                    z += cw
                    fx += cw * w * dx
                    fy += cw * w * dy
                } else {
                    let f = node.firstChild
                    stack[top] = f; stack[top + 1] = f + 1; stack[top + 2] = f + 2; stack[top + 3] = f + 3
                    top += 4
                }
            }
            return (fx, fy, z)
        }
    }
}
