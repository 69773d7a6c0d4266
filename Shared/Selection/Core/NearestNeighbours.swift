/// Exact k nearest neighbours of every row (itself excluded), by blocked dgemm distances.
/// Quadratic, which is fine up to a few tens of thousands of points (t-SNE's 20k bar) and keeps results exact.
struct NearestNeighbours {
    /// Row-major n × k, nearest first.
    let indices: [Int]
    let squaredDistances: [Double]
    let k: Int

    init(_ x: Matrix, k: Int) {
        self.k = k
        var indices = [Int](repeating: 0, count: x.rows * k)
        var distances = [Double](repeating: .infinity, count: x.rows * k)
        var heapI = [Int](repeating: 0, count: k)
        var heapD = [Double](repeating: 0, count: k)
        BlockDistances(x, x).forEachRow { i, row in
            // Sorted insertion into a short list: almost every candidate fails the first comparison.
            var count = 0
            for j in 0..<row.count where j != i {
                let d = row[j]
                if count == k, d >= heapD[k - 1] { continue }
                var p = count < k ? count : k - 1
                if count < k { count += 1 }
                while p > 0, heapD[p - 1] > d {
                    heapD[p] = heapD[p - 1]
                    heapI[p] = heapI[p - 1]
                    p -= 1
                }
                heapD[p] = d
                heapI[p] = j
            }
            for r in 0..<count {
                indices[i * k + r] = heapI[r]
                distances[i * k + r] = heapD[r]
            }
        }
        self.indices = indices
        squaredDistances = distances
    }
}
