/// Per-channel loops over NCHW data: channel c owns the planes (n, c) for every n, so channels can run in
/// parallel without sharing writes.
@inline(__always)
func forEachChannel(_ shape: [Int], _ body: (_ channel: Int, _ planeOffsets: StrideTo<Int>, _ pixels: Int) -> Void) {
    let batch = shape[0], channels = shape[1]
    let pixels = shape.dropFirst(2).reduce(1, *)
    parallelFor(channels) { c in
        body(c, stride(from: c * pixels, to: batch * channels * pixels, by: channels * pixels), pixels)
    }
}

/// Sum and sum of squares of deviations from `mean` in double precision: batch statistics over hundreds of
/// thousands of pixels lose the 1e-4 agreement with PyTorch if accumulated in float.
@inline(__always)
func channelSums(_ x: UnsafePointer<Float>, _ planes: StrideTo<Int>, _ pixels: Int) -> (sum: Double, count: Int) {
    var sum = 0.0
    var count = 0
    for offset in planes {
        var partial: Float = 0
        for i in 0..<pixels { partial += x[offset + i] }
        sum += Double(partial)
        count += pixels
    }
    return (sum, count)
}

@inline(__always)
func channelSquaredDeviations(_ x: UnsafePointer<Float>, _ planes: StrideTo<Int>, _ pixels: Int, mean: Float) -> Double {
    var total = 0.0
    for offset in planes {
        var partial: Float = 0
        for i in 0..<pixels {
            let d = x[offset + i] - mean
            partial += d * d
        }
        total += Double(partial)
    }
    return total
}
