/// The fields of a NIfTI-1 (348-byte) or NIfTI-2 (540-byte) header that define the image and its geometry.
struct NIfTIHeader {
    let version: Int
    let bigEndian: Bool
    let dimensions: [Int]
    let datatype: NIfTIDatatype
    /// pixdim[0...7]; pixdim[0] is qfac.
    let pixdim: [Double]
    let voxelOffset: Int
    let sclSlope: Double
    let sclInter: Double
    let qformCode: Int
    let sformCode: Int
    let quaternion: [Double]
    let qoffset: [Double]
    let srow: [Double]

    static let maxHeaderSize = 540

    var voxelCount: Int? { checkedProduct(dimensions) }

    /// Bytes from the start of the file to the end of the voxel data.
    var requiredFileSize: Int? {
        guard let voxels = voxelCount, let data = checkedProduct([voxels, datatype.bytes]) else { return nil }
        let (total, overflow) = voxelOffset.addingReportingOverflow(data)
        return overflow ? nil : total
    }

    init(_ bytes: [UInt8], source: String) throws(ImagingError) {
        var reader = ByteReader(bytes, source: source)
        let size = try reader.i32(0, field: "sizeof_hdr")
        reader.bigEndian = !(size == 348 || size == 540)
        let sized = try reader.i32(0, field: "sizeof_hdr")
        guard sized == 348 || sized == 540 else {
            throw .wrongMagic(file: source, format: "NIfTI", found: hexPreview(bytes))
        }
        bigEndian = reader.bigEndian
        version = sized == 348 ? 1 : 2
        let magic = version == 1 ? try reader.ascii(344, 4, field: "magic") : try reader.ascii(4, 8, field: "magic")
        guard magic.hasPrefix("n+") || magic.hasPrefix("ni") else {
            throw .wrongMagic(file: source, format: "NIfTI (magic \"n+1\"/\"n+2\")", found: magic)
        }
        guard magic.hasPrefix("n+") else {
            throw .unsupported(file: source, field: "magic", value: magic,
                               fix: "Header/image pairs (.hdr/.img) are not read; convert to a single .nii/.nii.gz "
                                   + "(e.g. `nibabel.save(nibabel.load('x.hdr'), 'x.nii.gz')`).")
        }
        let v1 = version == 1
        let rawDims: [Int]
        let code: Int
        if v1 {
            rawDims = try (0..<8).map { (i) throws(ImagingError) in Int(try reader.i16(40 + 2 * i, field: "dim[\(i)]")) }
            code = Int(try reader.i16(70, field: "datatype"))
            pixdim = try (0..<8).map { (i) throws(ImagingError) in Double(try reader.f32(76 + 4 * i, field: "pixdim")) }
            voxelOffset = Int(exactly: (try reader.f32(108, field: "vox_offset")).rounded(.down)) ?? -1
            sclSlope = Double(try reader.f32(112, field: "scl_slope"))
            sclInter = Double(try reader.f32(116, field: "scl_inter"))
            qformCode = Int(try reader.i16(252, field: "qform_code"))
            sformCode = Int(try reader.i16(254, field: "sform_code"))
            quaternion = try (0..<3).map { (i) throws(ImagingError) in Double(try reader.f32(256 + 4 * i, field: "quatern")) }
            qoffset = try (0..<3).map { (i) throws(ImagingError) in Double(try reader.f32(268 + 4 * i, field: "qoffset")) }
            srow = try (0..<12).map { (i) throws(ImagingError) in Double(try reader.f32(280 + 4 * i, field: "srow")) }
        } else {
            rawDims = try (0..<8).map { (i) throws(ImagingError) in
                Int(truncatingIfNeeded: try reader.i64(16 + 8 * i, field: "dim[\(i)]"))
            }
            code = Int(try reader.i16(12, field: "datatype"))
            pixdim = try (0..<8).map { (i) throws(ImagingError) in try reader.f64(104 + 8 * i, field: "pixdim") }
            voxelOffset = Int(truncatingIfNeeded: try reader.i64(168, field: "vox_offset"))
            sclSlope = try reader.f64(176, field: "scl_slope")
            sclInter = try reader.f64(184, field: "scl_inter")
            qformCode = Int(try reader.i32(344, field: "qform_code"))
            sformCode = Int(try reader.i32(348, field: "sform_code"))
            quaternion = try (0..<3).map { (i) throws(ImagingError) in try reader.f64(352 + 8 * i, field: "quatern") }
            qoffset = try (0..<3).map { (i) throws(ImagingError) in try reader.f64(376 + 8 * i, field: "qoffset") }
            srow = try (0..<12).map { (i) throws(ImagingError) in try reader.f64(400 + 8 * i, field: "srow") }
        }
        let rank = rawDims[0]
        guard (1...7).contains(rank), rawDims[1...rank].allSatisfy({ $0 >= 1 }) else {
            throw .invalidField(file: source, field: "dim", value: rawDims.map(String.init).joined(separator: ","),
                                fix: "dim[0] must be 1-7 and each used dimension at least 1; the header is corrupt.")
        }
        dimensions = Array(rawDims[1...rank])
        guard let type = NIfTIDatatype(rawValue: code) else {
            let name = NIfTIDatatype.unsupportedNames[code]
            throw name == nil
                ? .invalidField(file: source, field: "datatype", value: String(code),
                                fix: "Not a NIfTI datatype code; the header is corrupt, re-export the file.")
                : .unsupported(file: source, field: "datatype", value: "\(code) (\(name ?? ""))",
                               fix: "Convert to a scalar type (e.g. float32 or int16) before ingest.")
        }
        datatype = type
        guard voxelOffset >= sized else {
            throw .invalidField(file: source, field: "vox_offset", value: String(voxelOffset),
                                fix: "Voxel data must start after the \(sized)-byte header; the header is corrupt.")
        }
        guard sclSlope == 0 || !sclSlope.isFinite || sclInter.isFinite else {
            throw .invalidField(file: source, field: "scl_inter", value: String(sclInter),
                                fix: "The intercept must be a finite number when scl_slope is set; fix the header.")
        }
    }
}
