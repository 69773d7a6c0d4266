import Foundation

/// Minimal SVG writer: plain string building, no dependencies, every text escaped.
struct SVGDocument {
    private var body: [String] = []
    let width: Double
    let height: Double

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func add(_ element: String) { body.append(element) }

    mutating func text(_ content: String, x: Double, y: Double, size: Double = 12, anchor: String = "start",
                       weight: String = "normal", fill: String = "#222", extra: String = "") {
        add("<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" text-anchor=\"\(anchor)\" font-weight=\"\(weight)\" " +
            "fill=\"\(fill)\" \(extra)>\(escape(content))</text>")
    }

    var rendered: String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" \
        font-family="DejaVu Sans, Helvetica, Arial, sans-serif">
        <rect width="100%" height="100%" fill="white"/>
        \(body.joined(separator: "\n"))
        </svg>

        """
    }
}

/// Coordinates with two decimals: sub-pixel precision without bloating 20k-point maps.
func n(_ v: Double) -> String {
    let r = (v * 100).rounded() / 100
    return r == r.rounded() ? String(Int(r)) : String(format: "%.2f", r)
}

func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}

/// Tableau-20 order: ten strong hues first, then their light variants, so small k gets clearly distinct colours.
enum Palette {
    static let colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                          "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
                          "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5"]

    static func colour(_ i: Int) -> String { colours[((i % colours.count) + colours.count) % colours.count] }
}

/// "Nice" axis ticks (steps of 1, 2 or 5 × 10^k) covering a range with about `target` ticks.
struct AxisTicks {
    let lower: Double
    let upper: Double
    let values: [Double]
    let step: Double

    init(_ low: Double, _ high: Double, target: Int = 6) {
        let span = high > low ? high - low : max(abs(low), 1)
        let raw = span / Double(max(target - 1, 1))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        self.step = step
        lower = (low / step).rounded(.down) * step
        upper = max((high / step).rounded(.up) * step, lower + step)
        values = stride(from: lower, through: upper + step / 2, by: step).map { $0 }
    }

    func label(_ v: Double) -> String {
        let decimals = max(0, Int((-log10(step)).rounded(.up)))
        return String(format: "%.\(decimals)f", abs(v) < step / 1e6 ? 0 : v)
    }
}
