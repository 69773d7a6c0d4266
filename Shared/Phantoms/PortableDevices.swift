import Foundation
import NumericSupport

/// Radio-opaque hardware of a portable ICU film: ECG electrodes with their leads, loose wires, an
/// endotracheal tube and a nasogastric tube. Drawn bright over the anatomy; the lung labels are unchanged,
/// because an annotator draws the lung under the wire.
struct PortableDevices: Sendable {
    struct Stroke: Sendable {
        var points: [(u: Double, v: Double)]
        var halfWidth: Double
    }

    static let grey: Float = 0.95
    private(set) var strokes: [Stroke] = []
    private(set) var electrodes: [(u: Double, v: Double, radius: Double)] = []

    init(_ anatomy: Anatomy, random: inout SeededRandom) {
        let centre = anatomy.bodyCentreU
        // Endotracheal tube down the trachea, ending above the carina.
        let tip = random.uniform(0.24...0.32)
        strokes.append(Stroke(points: [(centre + random.uniform(-0.01...0.01), 0), (centre, tip)], halfWidth: 0.006))
        // Nasogastric tube: down the oesophagus, curving into the stomach under the left hemidiaphragm.
        if random.uniform() < 0.5 {
            strokes.append(Stroke(points: Self.curve(from: (centre - 0.01, 0), via: (centre - 0.02, 0.6),
                                                     to: (centre + 0.15, anatomy.leftLung.diaphragmV + 0.08)),
                                  halfWidth: 0.004))
        }
        for _ in 0..<Int(random.uniform(3...5.99)) {
            let electrode = (u: centre + random.sign() * random.uniform(0.08...0.36), v: random.uniform(0.15...0.8),
                             radius: random.uniform(0.014...0.022))
            electrodes.append(electrode)
            // Each lead runs off towards an edge of the film with a sag in the middle.
            let exit = (u: electrode.u < centre ? 0.0 : 1.0, v: random.uniform(0.3...1.0))
            let sag = (u: (electrode.u + exit.u) / 2 + random.uniform(-0.1...0.1),
                       v: (electrode.v + exit.v) / 2 + random.uniform(0...0.15))
            strokes.append(Stroke(points: Self.curve(from: (electrode.u, electrode.v), via: sag, to: exit), halfWidth: 0.0035))
        }
    }

    func draw(on canvas: inout PhantomCanvas) {
        for y in 0..<canvas.size {
            for x in 0..<canvas.size {
                let (u, v) = canvas.coordinates(x: x, y: y)
                if covers(u: u, v: v) { canvas.image[y * canvas.size + x] = Self.grey }
            }
        }
    }

    private func covers(u: Double, v: Double) -> Bool {
        for electrode in electrodes {
            let distance = ((u - electrode.u) * (u - electrode.u) + (v - electrode.v) * (v - electrode.v)).squareRoot()
            // A ring with a bright centre stud, as ECG pads look.
            if distance < electrode.radius * 0.35 || abs(distance - electrode.radius) < 0.004 { return true }
        }
        return strokes.contains { stroke in
            zip(stroke.points, stroke.points.dropFirst()).contains { a, b in
                Self.distance(u: u, v: v, from: a, to: b) < stroke.halfWidth
            }
        }
    }

    /// A quadratic Bézier curve as a polyline.
    private static func curve(from a: (u: Double, v: Double), via c: (u: Double, v: Double),
                              to b: (u: Double, v: Double)) -> [(u: Double, v: Double)] {
        (0...16).map { step in
            let t = Double(step) / 16, s = 1 - t
            return (s * s * a.u + 2 * s * t * c.u + t * t * b.u, s * s * a.v + 2 * s * t * c.v + t * t * b.v)
        }
    }

    private static func distance(u: Double, v: Double, from a: (u: Double, v: Double), to b: (u: Double, v: Double)) -> Double {
        let (du, dv) = (b.u - a.u, b.v - a.v)
        let length = du * du + dv * dv
        let t = length > 0 ? min(max(((u - a.u) * du + (v - a.v) * dv) / length, 0), 1) : 0
        let (pu, pv) = (a.u + t * du - u, a.v + t * dv - v)
        return (pu * pu + pv * pv).squareRoot()
    }
}
