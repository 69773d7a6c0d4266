/// How much of a pre-annotation an annotator must change to reach the ground truth, on the source grid:
/// `pixels` = 1 − Dice (label values must agree; two empty masks cost nothing) and `contour` = 1 − surface Dice at
/// `tolerance` pixels (Nikolov et al. 2018, made to estimate correction effort): the share of both outlines farther
/// than the tolerance from the other outline — what has to be redrawn, ignoring the pixel or two that no annotator
/// would touch. Outlines are per slice, as annotators draw. Pure: the runner reads the files.
public struct AnnotationEffort: Sendable, Equatable {
    public let pixels: Double
    public let contour: Double

    public init(prediction: [UInt8], truth: [UInt8], width: Int, height: Int, depth: Int = 1, tolerance: Int) {
        precondition(prediction.count == truth.count && truth.count == width * height * depth, "masks on one grid")
        var (agree, predicted, actual) = (0, 0, 0)
        for (p, t) in zip(prediction, truth) {
            if p != 0 { predicted += 1 }
            if t != 0 { actual += 1 }
            if p != 0 && p == t { agree += 1 }
        }
        pixels = predicted + actual == 0 ? 0 : 1 - 2 * Double(agree) / Double(predicted + actual)
        let (ours, theirs) = (Self.contour(prediction, width, height, depth), Self.contour(truth, width, height, depth))
        let outline = ours.filter { $0 }.count + theirs.filter { $0 }.count
        guard outline > 0 else {
            contour = 0
            return
        }
        let near = Self.within(tolerance, of: theirs, ours, width, height, depth)
            + Self.within(tolerance, of: ours, theirs, width, height, depth)
        contour = 1 - Double(near) / Double(outline)
    }

    /// Outline pixels of `outline` with a pixel of `other` at most `tolerance` away (same slice, square window).
    static func within(_ tolerance: Int, of other: [Bool], _ outline: [Bool], _ width: Int, _ height: Int, _ depth: Int) -> Int {
        var count = 0
        for z in 0..<depth {
            for y in 0..<height {
                for x in 0..<width where outline[(z * height + y) * width + x] {
                    search: for ny in max(0, y - tolerance)...min(height - 1, y + tolerance) {
                        for nx in max(0, x - tolerance)...min(width - 1, x + tolerance) where other[(z * height + ny) * width + nx] {
                            count += 1
                            break search
                        }
                    }
                }
            }
        }
        return count
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
