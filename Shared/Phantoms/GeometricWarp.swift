import Foundation
import NumericSupport

/// An in-plane similarity transform applied to image, labels and body alike: each output pixel samples the
/// source at `scale · R(angle) · (p − centre) + centre + shift` (normalised units). The image is
/// interpolated bilinearly; labels and body take the nearest source pixel so they stay crisp label sets.
struct GeometricWarp: Sendable {
    var angle = 0.0
    /// Source extent per output extent: below 1 magnifies (a crop).
    var scale = 1.0
    var shift = (u: 0.0, v: 0.0)

    static func rotation(_ random: inout SeededRandom) -> GeometricWarp {
        GeometricWarp(angle: random.sign() * random.uniform(6...14) * .pi / 180)
    }

    /// A window of 1/zoom of the film, off-centre but still holding both lungs.
    static func crop(_ random: inout SeededRandom) -> GeometricWarp {
        let scale = 1 / random.uniform(1.15...1.35)
        let slack = (1 - scale) / 2
        return GeometricWarp(scale: scale, shift: (random.uniform(-slack...slack), random.uniform(-slack...slack)))
    }

    func apply(to canvas: PhantomCanvas) -> PhantomCanvas {
        var output = PhantomCanvas(size: canvas.size)
        let (cosine, sine) = (cos(angle), sin(angle))
        let size = Double(canvas.size)
        for y in 0..<canvas.size {
            for x in 0..<canvas.size {
                let (u, v) = output.coordinates(x: x, y: y)
                let (du, dv) = (u - 0.5, v - 0.5)
                let su = scale * (cosine * du - sine * dv) + 0.5 + shift.u
                let sv = scale * (sine * du + cosine * dv) + 0.5 + shift.v
                // Source pixel coordinates, pixel centres at integer + 0.5.
                let (px, py) = (su * size - 0.5, sv * size - 0.5)
                let index = y * canvas.size + x
                let (nx, ny) = (Int(px.rounded()), Int(py.rounded()))
                guard nx >= 0, ny >= 0, nx < canvas.size, ny < canvas.size else { continue }
                output.mask[index] = canvas.mask[ny * canvas.size + nx]
                output.body[index] = canvas.body[ny * canvas.size + nx]
                output.image[index] = Self.bilinear(canvas, x: px, y: py)
            }
        }
        return output
    }

    private static func bilinear(_ canvas: PhantomCanvas, x: Double, y: Double) -> Float {
        let last = canvas.size - 1
        let (x0, y0) = (min(max(Int(x.rounded(.down)), 0), last), min(max(Int(y.rounded(.down)), 0), last))
        let (x1, y1) = (min(x0 + 1, last), min(y0 + 1, last))
        let (fx, fy) = (Float(min(max(x - Double(x0), 0), 1)), Float(min(max(y - Double(y0), 0), 1)))
        func at(_ a: Int, _ b: Int) -> Float { canvas.image[b * canvas.size + a] }
        return (at(x0, y0) * (1 - fx) + at(x1, y0) * fx) * (1 - fy) + (at(x0, y1) * (1 - fx) + at(x1, y1) * fx) * fy
    }
}
