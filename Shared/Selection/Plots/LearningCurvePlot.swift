import Foundation

/// A strategy's learning curve: the metric's mean and standard deviation over repeats, per labelled count.
public struct LearningCurve: Sendable, Codable {
    public struct Point: Sendable, Codable {
        public let labelled: Int
        public let mean: Double
        public let standardDeviation: Double

        public init(labelled: Int, mean: Double, standardDeviation: Double) {
            self.labelled = labelled
            self.mean = mean
            self.standardDeviation = standardDeviation
        }
    }

    public let strategy: String
    public let points: [Point]

    public init(strategy: String, points: [Point]) {
        self.strategy = strategy
        self.points = points
    }
}

/// Metric against labelled count, one line per strategy with a shaded ±1 sd band, ticked axes and a legend.
public struct LearningCurvePlot: Sendable {
    public var title: String
    public var metric: String
    public var width: Double = 760
    public var height: Double = 500

    public init(title: String, metric: String) {
        self.title = title
        self.metric = metric
    }

    public func svg(_ curves: [LearningCurve]) throws(SelectionError) -> String {
        let all = curves.flatMap(\.points)
        guard !all.isEmpty else {
            throw .invalidParameter(name: "learning curves", value: "no points", requirement: "at least one point to plot")
        }
        if let bad = all.first(where: { !$0.mean.isFinite || !$0.standardDeviation.isFinite }) {
            throw .invalidParameter(name: "learning curve point", value: "\(bad.mean) ± \(bad.standardDeviation)", requirement: "finite")
        }
        let plot = (x: 78.0, y: 50.0, w: width - 78 - 200, h: height - 50 - 62)
        let xTicks = AxisTicks(Double(all.map(\.labelled).min() ?? 0), Double(all.map(\.labelled).max() ?? 1))
        let yTicks = AxisTicks(all.map { $0.mean - $0.standardDeviation }.min() ?? 0,
                               all.map { $0.mean + $0.standardDeviation }.max() ?? 1)
        func px(_ v: Double) -> Double { plot.x + (v - xTicks.lower) / (xTicks.upper - xTicks.lower) * plot.w }
        func py(_ v: Double) -> Double { plot.y + plot.h - (v - yTicks.lower) / (yTicks.upper - yTicks.lower) * plot.h }

        var doc = SVGDocument(width: width, height: height)
        doc.text(title, x: plot.x, y: 30, size: 17, weight: "bold")
        for v in yTicks.values {
            doc.add("<line x1=\"\(n(plot.x))\" y1=\"\(n(py(v)))\" x2=\"\(n(plot.x + plot.w))\" y2=\"\(n(py(v)))\" stroke=\"#e6e6e6\"/>")
            doc.text(yTicks.label(v), x: plot.x - 8, y: py(v) + 4, size: 11, anchor: "end")
        }
        for v in xTicks.values {
            doc.add("<line x1=\"\(n(px(v)))\" y1=\"\(n(plot.y + plot.h))\" x2=\"\(n(px(v)))\" y2=\"\(n(plot.y + plot.h + 5))\" stroke=\"#444\"/>")
            doc.text(xTicks.label(v), x: px(v), y: plot.y + plot.h + 19, size: 11, anchor: "middle")
        }
        doc.add("<rect x=\"\(n(plot.x))\" y=\"\(n(plot.y))\" width=\"\(n(plot.w))\" height=\"\(n(plot.h))\" fill=\"none\" stroke=\"#444\"/>")
        doc.text("Labelled scans", x: plot.x + plot.w / 2, y: height - 16, size: 13, anchor: "middle")
        doc.text(metric, x: 20, y: plot.y + plot.h / 2, size: 13, anchor: "middle",
                 extra: "transform=\"rotate(-90 20 \(n(plot.y + plot.h / 2)))\"")
        for (c, curve) in curves.enumerated() where !curve.points.isEmpty {
            let colour = Palette.colour(c)
            // Sorted here, not at construction, so decoded curves draw correctly too.
            let points = curve.points.sorted { $0.labelled < $1.labelled }
            let upper = points.map { "\(n(px(Double($0.labelled)))),\(n(py($0.mean + $0.standardDeviation)))" }
            let lower = points.reversed().map { "\(n(px(Double($0.labelled)))),\(n(py($0.mean - $0.standardDeviation)))" }
            doc.add("<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(colour)\" fill-opacity=\"0.15\" stroke=\"none\"/>")
            let line = points.map { "\(n(px(Double($0.labelled)))),\(n(py($0.mean)))" }.joined(separator: " ")
            doc.add("<polyline points=\"\(line)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2.2\"/>")
            for p in points {
                doc.add("<circle cx=\"\(n(px(Double(p.labelled))))\" cy=\"\(n(py(p.mean)))\" r=\"3.2\" fill=\"\(colour)\"/>")
            }
            let ly = plot.y + 14 + Double(c) * 22
            doc.add("<line x1=\"\(n(plot.x + plot.w + 16))\" y1=\"\(n(ly - 4))\" x2=\"\(n(plot.x + plot.w + 40))\" y2=\"\(n(ly - 4))\" " +
                    "stroke=\"\(colour)\" stroke-width=\"3\"/>")
            doc.text(curve.strategy, x: plot.x + plot.w + 46, y: ly, size: 12)
        }
        // A single run (the console's one project) has no spread to explain.
        if all.contains(where: { $0.standardDeviation > 0 }) {
            doc.text("shaded: ±1 sd over repeats", x: plot.x + plot.w + 16, y: plot.y + 14 + Double(curves.count) * 22 + 6,
                     size: 11, fill: "#666")
        }
        return doc.rendered
    }
}
