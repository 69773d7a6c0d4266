/// How normalisation backward kernels read the incoming gradient: as is, or through a ReLU fused into the
/// layer (zero where the rectified output is zero). Generic specialisation keeps the choice out of the
/// inner loops.
protocol GradientView {
    func callAsFunction(_ i: Int) -> Float
    /// Elements i..<i+8.
    func lanes(_ i: Int) -> SIMD8<Float>
}

struct PlainGradient: GradientView {
    let gradient: UnsafePointer<Float>
    @inline(__always) func callAsFunction(_ i: Int) -> Float { gradient[i] }
    @inline(__always) func lanes(_ i: Int) -> SIMD8<Float> { load8(gradient, i) }
}

struct RectifiedGradient: GradientView {
    let gradient: UnsafePointer<Float>
    let output: UnsafePointer<Float>
    @inline(__always) func callAsFunction(_ i: Int) -> Float { output[i] > 0 ? gradient[i] : 0 }
    @inline(__always) func lanes(_ i: Int) -> SIMD8<Float> {
        load8(gradient, i).replacing(with: 0, where: load8(output, i) .<= 0)
    }
}
