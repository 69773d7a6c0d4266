/// How much of a pre-annotation an annotator must change to reach the ground truth, on the source grid:
/// `pixels` = 1 − Dice (label values must agree; two empty masks cost nothing) and `contour` = the symmetric
/// difference of the two masks' contours (pixels of a label with a 4-neighbour of another value) as a fraction of
/// the true contour — roughly the share of the outline to redraw. Pure: the runner reads the files.
public struct AnnotationEffort: Sendable, Equatable {
    public let pixels: Double
    public let contour: Double

    public init(prediction: [UInt8], truth: [UInt8], width: Int, height: Int, depth: Int = 1) {
        precondition(prediction.count == truth.count && truth.count == width * height * depth, "masks on one grid")
        var (agree, predicted, actual) = (0, 0, 0)
        for (p, t) in zip(prediction, truth) {
            if p != 0 { predicted += 1 }
            if t != 0 { actual += 1 }
            if p != 0 && p == t { agree += 1 }
        }
        pixels = predicted + actual == 0 ? 0 : 1 - 2 * Double(agree) / Double(predicted + actual)
        let (ours, theirs) = (Self.contour(prediction, width, height, depth), Self.contour(truth, width, height, depth))
        let differing = zip(ours, theirs).filter { $0 != $1 }.count
        let trueContour = theirs.filter { $0 }.count
        contour = trueContour == 0 ? (differing == 0 ? 0 : 1) : Double(differing) / Double(trueContour)
    }

    /// Per pixel: is it on the outline of its label (slice by slice, as annotators draw)?
    static func contour(_ mask: [UInt8], _ width: Int, _ height: Int, _ depth: Int) -> [Bool] {
        var edge = [Bool](repeating: false, count: mask.count)
        for z in 0..<depth {
            for y in 0..<height {
                for x in 0..<width {
                    let index = (z * height + y) * width + x
                    let value = mask[index]
                    guard value != 0 else { continue }
                    let neighbours = [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)]
                    edge[index] = neighbours.contains { nx, ny in
                        nx < 0 || ny < 0 || nx >= width || ny >= height || mask[(z * height + ny) * width + nx] != value
                    }
                }
            }
        }
        return edge
    }

    /// The mean over a round's picks; nil when none had a pre-annotation.
    public static func mean(_ efforts: [AnnotationEffort]) -> (pixels: Double, contour: Double)? {
        guard !efforts.isEmpty else { return nil }
        let count = Double(efforts.count)
        return (efforts.map(\.pixels).reduce(0, +) / count, efforts.map(\.contour).reduce(0, +) / count)
    }
}
