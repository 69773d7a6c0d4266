/// Voxel-to-world matrices of a NIfTI header, chosen as nibabel's `get_best_affine` does: sform if its code is
/// set, else qform, else the Analyze-style base affine centred on the volume.
enum NIfTIAffine {
    static func best(_ header: NIfTIHeader) -> [Double] {
        if header.sformCode > 0 { return header.srow + [0, 0, 0, 1] }
        if header.qformCode > 0 { return qform(header) }
        return base(header)
    }

    /// Quaternion form (nifti1.h "METHOD 2"); qfac = pixdim[0] flips the third axis.
    static func qform(_ header: NIfTIHeader) -> [Double] {
        let (b, c, d) = (header.quaternion[0], header.quaternion[1], header.quaternion[2])
        // Rounding in float32 headers can push 1 - |bcd|² slightly negative; that means a = 0.
        let aSquared = 1 - (b * b + c * c + d * d)
        let a = aSquared > 0 ? aSquared.squareRoot() : 0
        let norm = a * a + b * b + c * c + d * d
        let s = norm > 0 ? 2 / norm : 0
        let rotation: [[Double]] = [
            [1 - s * (c * c + d * d), s * (b * c - a * d), s * (b * d + a * c)],
            [s * (b * c + a * d), 1 - s * (b * b + d * d), s * (c * d - a * b)],
            [s * (b * d - a * c), s * (c * d + a * b), 1 - s * (b * b + c * c)],
        ]
        let qfac: Double = header.pixdim[0] == -1 ? -1 : 1
        let zooms = [header.pixdim[1], header.pixdim[2], header.pixdim[3] * qfac]
        var matrix: [Double] = []
        for row in 0..<3 {
            matrix += (0..<3).map { rotation[row][$0] * zooms[$0] } + [header.qoffset[row]]
        }
        return matrix + [0, 0, 0, 1]
    }

    /// nibabel's `shape_zoom_affine(shape, zooms, x_flip=True)`: the volume centre at the origin.
    static func base(_ header: NIfTIHeader) -> [Double] {
        var matrix = [Double](repeating: 0, count: 16)
        for axis in 0..<3 {
            let size = axis < header.dimensions.count ? Double(header.dimensions[axis]) : 1
            let zoom = (axis < header.dimensions.count ? header.pixdim[axis + 1] : 1) * (axis == 0 ? -1 : 1)
            matrix[axis * 4 + axis] = zoom
            matrix[axis * 4 + 3] = -(size - 1) / 2 * zoom
        }
        matrix[15] = 1
        return matrix
    }
}
