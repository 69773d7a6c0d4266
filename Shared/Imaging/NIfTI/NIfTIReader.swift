/// A NIfTI-1/-2 image: shape, geometry and scaled voxel values (x fastest, as stored).
public struct NIfTIImage: Sendable, Equatable {
    public let version: Int
    /// dim[1...dim[0]].
    public let shape: [Int]
    public let datatype: NIfTIDatatype
    /// pixdim[1...dim[0]] as stored (nibabel's `get_zooms()`).
    public let zooms: [Double]
    /// Voxel (i, j, k, 1) to world millimetres, row-major 4×4 (nibabel's `affine`).
    public let affine: [Double]
    /// The slope and intercept applied, nil when the header asks for none.
    public let scaling: (slope: Double, intercept: Double)?
    /// Voxel values with scl_slope/scl_inter applied.
    public let values: [Float]

    public static func == (lhs: NIfTIImage, rhs: NIfTIImage) -> Bool {
        lhs.version == rhs.version && lhs.shape == rhs.shape && lhs.datatype == rhs.datatype && lhs.zooms == rhs.zooms
            && lhs.affine == rhs.affine && lhs.scaling?.slope == rhs.scaling?.slope
            && lhs.scaling?.intercept == rhs.scaling?.intercept && lhs.values == rhs.values
    }

    /// The first 3-D volume (time point 0 of 4-D data) as an `ImageVolume`.
    public func volume() -> ImageVolume {
        let width = shape[0], height = shape.count > 1 ? shape[1] : 1, depth = shape.count > 2 ? shape[2] : 1
        let spacing = VoxelSpacing(x: abs(zooms[0]), y: zooms.count > 1 ? abs(zooms[1]) : 1,
                                   z: zooms.count > 2 ? abs(zooms[2]) : 1)
        return ImageVolume(width: width, height: height, depth: depth, channels: 1,
                           pixels: Array(values[0..<(width * height * depth)]), spacing: spacing, affine: affine)
    }
}

public enum NIfTIReader {
    public static func read(path: String) throws(ImagingError) -> NIfTIImage {
        try read(readFileBytes(path), source: path)
    }

    /// Reads .nii or .nii.gz (detected from the gzip magic, not the name).
    public static func read(_ bytes: [UInt8], source: String = "<memory>") throws(ImagingError) -> NIfTIImage {
        let gzipped = bytes.starts(with: [0x1F, 0x8B])
        let headerBytes = gzipped
            ? try Zlib.inflate(bytes[...], container: .gzipOrZlib, size: NIfTIHeader.maxHeaderSize, allowShorter: true,
                               source: source, field: "gzip stream")
            : bytes
        let header = try NIfTIHeader(headerBytes, source: source)
        let data = try fileWithVoxels(bytes, gzipped: gzipped, header: header, source: source)
        let count = header.voxelCount ?? 0
        var values = header.datatype.floats(data, offset: header.voxelOffset, count: count, bigEndian: header.bigEndian)
        // nibabel's rule: a zero or non-finite slope means the data are unscaled.
        let scaled = header.sclSlope != 0 && header.sclSlope.isFinite
        if scaled && !(header.sclSlope == 1 && header.sclInter == 0) {
            let slope = header.sclSlope, intercept = header.sclInter
            for i in values.indices { values[i] = Float(Double(values[i]) * slope + intercept) }
        }
        return NIfTIImage(version: header.version, shape: header.dimensions, datatype: header.datatype,
                          zooms: Array(header.pixdim[1...header.dimensions.count]), affine: NIfTIAffine.best(header),
                          scaling: scaled ? (header.sclSlope, header.sclInter) : nil, values: values)
    }

    /// The whole (decompressed) file up to the end of the voxels, after checking that the bytes the header
    /// claims can exist: absurd dimensions are refused before any allocation.
    private static func fileWithVoxels(_ bytes: [UInt8], gzipped: Bool, header: NIfTIHeader,
                                       source: String) throws(ImagingError) -> [UInt8] {
        let field = "dim \(header.dimensions) x \(header.datatype.bytes) bytes"
        // The voxels as stored and as Float: a gzip of zeros claims far more than it holds.
        try DecodeBudget.require(header.voxelCount.flatMap { checkedProduct([$0, max(4, header.datatype.bytes)]) },
                                 file: source, field: field)
        let available = gzipped ? Zlib.maximumInflatedSize(compressedCount: bytes.count) : bytes.count
        guard let needed = header.requiredFileSize, needed <= available else {
            throw .implausibleSize(file: source, field: field, claimedBytes: header.requiredFileSize ?? Int.max,
                                   availableBytes: bytes.count)
        }
        guard gzipped else { return bytes }
        // A single-member gzip ends with the uncompressed size (mod 2^32): a smaller one proves missing data.
        if needed <= Int(UInt32.max), bytes.count >= 18 {
            let inflatedSize = Int(try ByteReader(bytes, source: source).u32(bytes.count - 4, field: "gzip ISIZE"))
            guard inflatedSize >= needed else {
                throw .implausibleSize(file: source, field: field, claimedBytes: needed, availableBytes: inflatedSize)
            }
        }
        return try Zlib.inflate(bytes[...], container: .gzipOrZlib, size: needed, source: source, field: "gzip stream")
    }
}
