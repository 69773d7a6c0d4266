/// Puts a label volume drawn on one grid onto another through their voxel-to-patient affines (row-major 4×4, voxel
/// (x, y, z, 1) → millimetres), nearest neighbour: what a mask saved by 3D Slicer or ITK-SNAP with its own geometry
/// (cropped, flipped, resampled) means on the scan it belongs to.
public enum AffineResampling {
    public struct Result: Sendable, Equatable {
        /// One label per target voxel (x fastest, then y, then z); 0 where the source grid does not reach.
        public let labels: [Float]
        /// Target voxels that fell inside the source grid.
        public let covered: Int
    }

    /// nil when `sourceAffine` is singular (not a grid).
    public static func labels(_ source: ImageVolume, sourceAffine: [Double], ontoWidth width: Int, height: Int, depth: Int,
                              affine: [Double]) -> Result? {
        guard sourceAffine.count == 16, affine.count == 16, let inverse = invert(sourceAffine) else { return nil }
        let map = multiply(inverse, affine)  // target voxel → source voxel
        var labels = [Float](repeating: 0, count: width * height * depth)
        var covered = 0
        for z in 0..<depth {
            for y in 0..<height {
                for x in 0..<width {
                    let (fx, fy, fz) = (Double(x), Double(y), Double(z))
                    let sx = (map[0] * fx + map[1] * fy + map[2] * fz + map[3]).rounded()
                    let sy = (map[4] * fx + map[5] * fy + map[6] * fz + map[7]).rounded()
                    let sz = (map[8] * fx + map[9] * fy + map[10] * fz + map[11]).rounded()
                    guard sx >= 0, sy >= 0, sz >= 0, sx < Double(source.width), sy < Double(source.height),
                          sz < Double(source.depth) else { continue }
                    labels[(z * height + y) * width + x] = source.pixels[(Int(sz) * source.height + Int(sy)) * source.width + Int(sx)]
                    covered += 1
                }
            }
        }
        return Result(labels: labels, covered: covered)
    }

    /// Whether two affines place every voxel within `tolerance` millimetres of each other (over a grid of that size).
    public static func same(_ a: [Double], _ b: [Double], tolerance: Double = 1e-3) -> Bool {
        a.count == 16 && b.count == 16 && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    /// Inverse of an affine 4×4 (last row 0 0 0 1): the 3×3 part inverted, the translation carried through.
    static func invert(_ m: [Double]) -> [Double]? {
        let (a, b, c, d, e, f, g, h, i) = (m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10])
        let cofactors: [Double] = [e * i - f * h, c * h - b * i, b * f - c * e,
                                   f * g - d * i, a * i - c * g, c * d - a * f,
                                   d * h - e * g, b * g - a * h, a * e - b * d]
        let determinant: Double = a * cofactors[0] + b * cofactors[3] + c * cofactors[6]
        guard abs(determinant) > 1e-12 else { return nil }
        let r = cofactors.map { $0 / determinant }
        var inverse = [Double](repeating: 0, count: 16)
        for row in 0..<3 {
            var translation = 0.0
            for column in 0..<3 {
                inverse[row * 4 + column] = r[row * 3 + column]
                translation -= r[row * 3 + column] * m[column * 4 + 3]
            }
            inverse[row * 4 + 3] = translation
        }
        inverse[15] = 1
        return inverse
    }

    static func multiply(_ a: [Double], _ b: [Double]) -> [Double] {
        var product = [Double](repeating: 0, count: 16)
        for row in 0..<4 {
            for column in 0..<4 {
                var sum = 0.0
                for k in 0..<4 { sum += a[row * 4 + k] * b[k * 4 + column] }
                product[row * 4 + column] = sum
            }
        }
        return product
    }
}
