import Foundation

/// The 2-D map users inspect: scans as small translucent dots coloured by cluster, the selected scans on top
/// as large outlined markers numbered in pick order, and a legend with cluster sizes. Dots shrink and fade as
/// the pool grows so 20,000 scans stay readable.
public struct ClusterMapPlot: Sendable {
    public var title: String
    public var width: Double = 960
    public var height: Double = 720

    public init(title: String) { self.title = title }

    public func svg(map: Matrix, labels: [Int], selected: [Int]) throws(SelectionError) -> String {
        guard map.cols == 2 else { throw .shapeMismatch(what: "map columns", expected: 2, actual: map.cols) }
        guard labels.count == map.rows else { throw .shapeMismatch(what: "cluster labels", expected: map.rows, actual: labels.count) }
        for i in selected where i < 0 || i >= map.rows { throw .indexOutOfRange(what: "selected scan", index: i, count: map.rows) }
        let legendWidth = 230.0, margin = 24.0, top = 48.0
        let plot = (x: margin, y: top, w: width - legendWidth - 2 * margin, h: height - top - margin)
        let xs = (0..<map.rows).map { map[$0, 0] }, ys = (0..<map.rows).map { map[$0, 1] }
        let (minX, maxX) = (xs.min() ?? 0, xs.max() ?? 1), (minY, maxY) = (ys.min() ?? 0, ys.max() ?? 1)
        // One scale for both axes: t-SNE distances are isotropic, stretching would fake structure.
        let scale = min(plot.w / max(maxX - minX, 1e-12), plot.h / max(maxY - minY, 1e-12)) * 0.96
        let offsetX = plot.x + (plot.w - scale * (maxX - minX)) / 2, offsetY = plot.y + (plot.h - scale * (maxY - minY)) / 2
        func px(_ i: Int) -> (Double, Double) { (offsetX + (map[i, 0] - minX) * scale, offsetY + (maxY - map[i, 1]) * scale) }

        var doc = SVGDocument(width: width, height: height)
        doc.text(title, x: margin, y: 30, size: 18, weight: "bold")
        doc.add("<rect x=\"\(n(plot.x))\" y=\"\(n(plot.y))\" width=\"\(n(plot.w))\" height=\"\(n(plot.h))\" fill=\"#fafafa\" stroke=\"#ddd\"/>")
        let radius = map.rows > 10_000 ? 1.3 : map.rows > 2_000 ? 2.0 : 3.5
        let opacity = map.rows > 10_000 ? 0.35 : map.rows > 2_000 ? 0.5 : 0.75
        let clusters = Set(labels).sorted()
        // One group per cluster keeps the colour attribute out of every dot.
        for c in clusters {
            var dots = "<g fill=\"\(Palette.colour(c))\" fill-opacity=\"\(n(opacity))\">"
            for i in 0..<map.rows where labels[i] == c {
                let (x, y) = px(i)
                dots += "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(radius))\"/>"
            }
            doc.add(dots + "</g>")
        }
        for (order, i) in selected.enumerated() {
            let (x, y) = px(i)
            doc.add("<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"7\" fill=\"\(Palette.colour(labels[i]))\" stroke=\"black\" stroke-width=\"1.8\"/>")
            doc.text("\(order + 1)", x: x + 8, y: y - 7, size: 11, weight: "bold",
                     extra: "stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\"")
        }
        legend(&doc, clusters: clusters, labels: labels, selected: selected, x: width - legendWidth, y: top)
        return doc.rendered
    }

    private func legend(_ doc: inout SVGDocument, clusters: [Int], labels: [Int], selected: [Int], x: Double, y: Double) {
        var sizes = [Int: Int](), picked = [Int: Int]()
        for l in labels { sizes[l, default: 0] += 1 }
        for i in selected { picked[labels[i], default: 0] += 1 }
        doc.text("\(labels.count) scans, \(clusters.count) clusters", x: x, y: y + 12, size: 13, weight: "bold")
        var row = y + 36
        for c in clusters {
            doc.add("<circle cx=\"\(n(x + 7))\" cy=\"\(n(row - 4))\" r=\"6\" fill=\"\(Palette.colour(c))\"/>")
            doc.text("cluster \(c): \(sizes[c, default: 0]) scans, \(picked[c, default: 0]) picked", x: x + 20, y: row, size: 12)
            row += 20
        }
        row += 10
        doc.add("<circle cx=\"\(n(x + 7))\" cy=\"\(n(row - 4))\" r=\"7\" fill=\"white\" stroke=\"black\" stroke-width=\"1.8\"/>")
        doc.text("selected (\(selected.count)), numbered", x: x + 20, y: row, size: 12)
        doc.text("in pick order", x: x + 20, y: row + 15, size: 12)
    }
}
