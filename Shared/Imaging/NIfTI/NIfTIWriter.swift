/// Writes 8-bit label volumes as single-file NIfTI-1 (`.nii`), little-endian, with the voxel-to-RAS affine as the
/// sform (code 1, scanner) and the voxel sizes as pixdim — what 3D Slicer, ITK-SNAP and nibabel place in space.
public enum NIfTIWriter {
    static let headerSize = 348
    /// Header, then the 4-byte extension flag (no extensions), then the voxels.
    static let voxelOffset = 352

    /// `labels` x fastest, then y, then z; `affine` row-major 4×4 voxel (i, j, k, 1) → RAS millimetres.
    public static func labels(_ labels: [UInt8], width: Int, height: Int, depth: Int, affine: [Double],
                              source: String) throws(ImagingError) -> [UInt8] {
        guard labels.count == width * height * depth, affine.count == 16,
              [width, height, depth].allSatisfy({ (1...Int(Int16.max)).contains($0) }) else {
            throw .invalidField(file: source, field: "NIfTI output", value: "\(labels.count) labels for \(width)x\(height)x\(depth), affine of \(affine.count)",
                                fix: "Map the labels back to the source grid, with its 4×4 affine, before writing.")
        }
        var header = [UInt8](repeating: 0, count: voxelOffset)
        func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
            withUnsafeBytes(of: value.littleEndian) { header.replaceSubrange(offset..<offset + MemoryLayout<T>.size, with: $0) }
        }
        func put(_ value: Float, at offset: Int) { put(value.bitPattern, at: offset) }
        put(Int32(headerSize), at: 0)
        for (index, value) in [3, width, height, depth, 1, 1, 1, 1].enumerated() { put(Int16(value), at: 40 + 2 * index) }
        put(Int16(2), at: 70)  // DT_UINT8
        put(Int16(8), at: 72)  // bitpix
        // Voxel sizes are the lengths of the affine's columns; qfac 1.
        let sizes = (0..<3).map { column in (0..<3).map { affine[$0 * 4 + column] * affine[$0 * 4 + column] }.reduce(0, +).squareRoot() }
        for (index, value) in ([1] + sizes).enumerated() { put(Float(value), at: 76 + 4 * index) }
        put(Float(voxelOffset), at: 108)
        put(Float(1), at: 112)  // scl_slope: the stored values are the labels
        header[123] = 2  // xyzt_units: millimetres
        put(Int16(1), at: 254)  // sform_code: scanner
        for row in 0..<3 {
            for column in 0..<4 { put(Float(affine[row * 4 + column]), at: 280 + 16 * row + 4 * column) }
        }
        header.replaceSubrange(344..<348, with: Array("n+1\0".utf8))
        return header + labels
    }
}
