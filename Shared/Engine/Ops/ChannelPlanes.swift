import NumericSupport
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

@inline(__always)
func load8(_ p: UnsafePointer<Float>, _ i: Int) -> SIMD8<Float> {
    UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
}

/// Two sums over `range` at once, eight lanes at a time. Float addition is not associative, so the
/// compiler keeps a plain `+=` loop serial (one add per latency); the lanes make reductions run at
/// vector speed. `lanes(i)` gives terms i..<i+8, `scalars(i)` term i for the tail.
@inline(__always)
func laneSums(_ range: Range<Int>, _ lanes: (Int) -> (SIMD8<Float>, SIMD8<Float>),
              _ scalars: (Int) -> (Float, Float)) -> (Float, Float) {
    var first = SIMD8<Float>(), second = SIMD8<Float>()
    var i = range.lowerBound
    while i + 8 <= range.upperBound {
        let (a, b) = lanes(i)
        first += a
        second += b
        i += 8
    }
    var (a, b) = (first.sum(), second.sum())
    while i < range.upperBound {
        let (x, y) = scalars(i)
        a += x
        b += y
        i += 1
    }
    return (a, b)
}

/// Sum of the values in each plane, accumulated across planes in double precision: batch statistics over
/// hundreds of thousands of pixels lose the 1e-4 agreement with PyTorch if accumulated in float.
@inline(__always)
func channelSums(_ x: UnsafePointer<Float>, _ planes: StrideTo<Int>, _ pixels: Int) -> (sum: Double, count: Int) {
    var sum = 0.0
    var count = 0
    for offset in planes {
        sum += Double(laneSums(offset..<(offset + pixels), { (load8(x, $0), .zero) }, { (x[$0], 0) }).0)
        count += pixels
    }
    return (sum, count)
}

@inline(__always)
func channelSquaredDeviations(_ x: UnsafePointer<Float>, _ planes: StrideTo<Int>, _ pixels: Int, mean: Float) -> Double {
    var total = 0.0
    for offset in planes {
        total += Double(laneSums(offset..<(offset + pixels), { i in
            let d = load8(x, i) - mean
            return (d * d, .zero)
        }, { i in ((x[i] - mean) * (x[i] - mean), 0) }).0)
    }
    return total
}
