/// A square phantom being built: the grey image in [0, 1], the lung labels and the body outline, all
/// row-major on the same grid.
struct PhantomCanvas: Sendable {
    /// Grey value of air outside the patient, before any intensity style.
    static let air: Float = 0.04

    let size: Int
    var image: [Float]
    var mask: [UInt8]
    var body: [Bool]

    init(size: Int) {
        self.size = size
        image = [Float](repeating: Self.air, count: size * size)
        mask = [UInt8](repeating: 0, count: size * size)
        body = [Bool](repeating: false, count: size * size)
    }

    /// Normalised coordinates of a pixel's centre.
    func coordinates(x: Int, y: Int) -> (u: Double, v: Double) {
        ((Double(x) + 0.5) / Double(size), (Double(y) + 0.5) / Double(size))
    }
}
