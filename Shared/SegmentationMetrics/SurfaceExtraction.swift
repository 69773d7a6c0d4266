/// Bit flags used in the box-local maps: one bit per mask so both surfaces come out of a single pass.
enum MaskBit {
    static let prediction: UInt8 = 1
    static let truth: UInt8 = 2
}

/// Surface voxels (foreground with a background 4-/6-neighbour, outside the image counting as background) of
/// both masks inside a box that contains every foreground voxel of both.
enum SurfaceExtraction {
    /// Writes `surface[boxIndex]` (MaskBit flags) and `rowFlags[boxRow]` (which surfaces touch each box row).
    /// `padded` is scratch for the box plus a background ring: voxels beyond the box are background for this
    /// class, whether they lie inside the image or not, because the box holds all of both masks.
    static func extract(prediction: UnsafePointer<UInt8>, truth: UnsafePointer<UInt8>, label: UInt8,
                        grid: VoxelGrid, box: VoxelBox, padded: UnsafeMutablePointer<UInt8>,
                        surface: UnsafeMutablePointer<UInt8>, rowFlags: UnsafeMutablePointer<UInt8>) {
        let paddedWidth = box.width + 2
        let paddedPlane = paddedWidth * (box.height + 2)
        let zPadding = grid.isVolume ? 1 : 0
        padded.update(repeating: 0, count: paddedPlane * (box.depth + 2 * zPadding))

        for z in 0..<box.depth {
            for y in 0..<box.height {
                let source = ((box.z0 + z) * grid.height + box.y0 + y) * grid.width + box.x0
                let p = prediction + source, t = truth + source
                let row = padded + (z + zPadding) * paddedPlane + (y + 1) * paddedWidth + 1
                for x in 0..<box.width {
                    row[x] = (p[x] == label ? MaskBit.prediction : 0) | (t[x] == label ? MaskBit.truth : 0)
                }
            }
        }

        for z in 0..<box.depth {
            for y in 0..<box.height {
                let centre = padded + (z + zPadding) * paddedPlane + (y + 1) * paddedWidth + 1
                let out = surface + (z * box.height + y) * box.width
                var flags: UInt8 = 0
                if grid.isVolume {
                    let front = centre - paddedPlane, back = centre + paddedPlane
                    for x in 0..<box.width {
                        let interior = centre[x] & centre[x - 1] & centre[x + 1] & centre[x - paddedWidth]
                            & centre[x + paddedWidth] & front[x] & back[x]
                        out[x] = centre[x] & ~interior
                        flags |= out[x]
                    }
                } else {
                    for x in 0..<box.width {
                        let interior = centre[x] & centre[x - 1] & centre[x + 1] & centre[x - paddedWidth]
                            & centre[x + paddedWidth]
                        out[x] = centre[x] & ~interior
                        flags |= out[x]
                    }
                }
                rowFlags[z * box.height + y] = flags
            }
        }
    }
}
