/// Voxel size in millimetres along x (columns), y (rows) and z (slices).
public struct VoxelSpacing: Sendable, Equatable, Codable {
    public var x: Double
    public var y: Double
    public var z: Double

    public init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }
}

/// The common in-memory form of every input: float32 samples, x fastest, then y, then z, with channels
/// interleaved innermost. Geometry travels with the pixels so predictions can be mapped back to the scanner.
public struct ImageVolume: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var depth: Int
    /// 1 (grey) or 3 (RGB).
    public var channels: Int
    public var pixels: [Float]
    /// Millimetres per voxel when the file says so (DICOM, NIfTI); nil for photographs and PNG exports.
    public var spacing: VoxelSpacing?
    /// Voxel index (x, y, z, 1) to patient coordinates in millimetres, RAS+ (the NIfTI convention; DICOM's
    /// LPS is converted), as a row-major 4×4 matrix; nil when unknown.
    public var affine: [Double]?
    /// DICOM Modality (0008,0060) when the file says (`CT`, `MR`, …): it chooses the intensity normalisation.
    public var modality: String?

    public init(width: Int, height: Int, depth: Int = 1, channels: Int = 1, pixels: [Float],
                spacing: VoxelSpacing? = nil, affine: [Double]? = nil, modality: String? = nil) {
        precondition(pixels.count == width * height * depth * channels, "pixel count must match the shape")
        self.width = width
        self.height = height
        self.depth = depth
        self.channels = channels
        self.pixels = pixels
        self.spacing = spacing
        self.affine = affine
        self.modality = modality
    }

    /// Samples in one slice, all channels.
    public var sliceSize: Int { width * height * channels }
}
