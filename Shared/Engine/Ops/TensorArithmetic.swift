/// Elementwise arithmetic for residual connections and scaling (parallel, no broadcasting: shapes must match).
extension Tensor {
    public static func + (a: Tensor, b: Tensor) -> Tensor { Elementwise.zip(a, b, +) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { Elementwise.zip(a, b, -) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { Elementwise.zip(a, b, *) }
    public static func * (a: Tensor, scale: Float) -> Tensor { Elementwise.map(a) { $0 * scale } }
}
