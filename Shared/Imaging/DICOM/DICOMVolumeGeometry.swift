/// Voxel spacing and RAS affine of DICOM pixels, from PixelSpacing, ImagePositionPatient and
/// ImageOrientationPatient (PS3.3 C.7.6.2.1.1).
struct DICOMVolumeGeometry {
    let spacing: VoxelSpacing?
    let affine: [Double]?

    /// `sliceSpacing` is the distance between slice positions when known (a stacked series); otherwise
    /// SliceThickness stands in for it.
    init(_ geometry: DICOMGeometry, sliceSpacing: Double?) {
        let z = sliceSpacing ?? geometry.sliceThickness ?? 1
        guard let pixel = geometry.pixelSpacing else {
            spacing = nil
            affine = nil
            return
        }
        spacing = VoxelSpacing(x: pixel[1], y: pixel[0], z: z)
        guard let position = geometry.imagePosition, let orientation = geometry.imageOrientation else {
            affine = nil
            return
        }
        let row = Array(orientation[0..<3]), column = Array(orientation[3..<6])
        let normal = cross(row, column)
        // DICOM patient space is LPS; negating x and y gives the RAS convention NIfTI uses.
        let sign: [Double] = [-1, -1, 1]
        var matrix: [Double] = []
        for axis in 0..<3 {
            matrix += [sign[axis] * row[axis] * pixel[1], sign[axis] * column[axis] * pixel[0],
                       sign[axis] * normal[axis] * z, sign[axis] * position[axis]]
        }
        affine = matrix + [0, 0, 0, 1]
    }
}

func cross(_ a: [Double], _ b: [Double]) -> [Double] {
    [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
}

func dot(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
}
