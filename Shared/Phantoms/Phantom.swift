import NumericSupport

/// One synthetic chest radiograph with its lung labels: 0 background, 1 patient's left lung (image right),
/// 2 patient's right lung (image left).
public struct Phantom: Sendable, Equatable {
    /// Smaller grids cannot hold ribs, devices and two lungs apart.
    public static let minimumSize = 32

    public let id: String
    public let style: AcquisitionStyle
    public let split: String
    public let size: Int
    /// Grey values in [0, 1], row-major [size, size].
    public let image: [Float]
    public let mask: [UInt8]
    /// Pixels inside the patient's outline (for checks: every lung pixel lies inside).
    public let body: [Bool]

    /// Draws phantom `index` of a pool from its own stream of `seed`, so any phantom can be regenerated alone.
    public static func generate(id: String, index: Int, style: AcquisitionStyle, split: String, size: Int,
                                seed: UInt64) throws(PhantomError) -> Phantom {
        guard size >= minimumSize else { throw .invalidSize(size) }
        var random = SeededRandom(seed: seed, stream: UInt64(index))
        var anatomy = Anatomy.draw(&random)
        if style == .portableAP { anatomy.magnifyHeart(by: random.uniform(1.1...1.2)) }
        var canvas = ChestRenderer.render(anatomy, size: size, random: &random)
        switch style {
        case .pa, .inverted, .lowContrast: break
        case .portableAP: PortableDevices(anatomy, random: &random).draw(on: &canvas)
        case .rotated: canvas = GeometricWarp.rotation(&random).apply(to: canvas)
        case .cropped: canvas = GeometricWarp.crop(&random).apply(to: canvas)
        }
        let image = IntensityStyle(style, random: &random).apply(canvas.image, random: &random)
        return Phantom(id: id, style: style, split: split, size: size, image: image, mask: canvas.mask, body: canvas.body)
    }
}
