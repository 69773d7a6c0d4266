import Foundation

/// NRRD files (`.nrrd`, `.seg.nrrd`) as 3D Slicer and ITK-SNAP save label maps and volumes: a text header, a blank
/// line, the voxels attached (raw or gzip). 2 or 3 spatial axes, any scalar type, `space directions` and
/// `space origin` becoming the voxel-to-RAS affine (an LPS space is turned to RAS). Detached data, bzip2 and
/// non-spatial axes (Slicer's overlapping-layer segmentations) are refused with what to export instead.
public enum NRRDReader {
    static let magic = Array("NRRD000".utf8)
    /// A header is a few hundred bytes; more than this is not a header.
    static let maxHeaderBytes = 64 * 1024

    public static func read(_ bytes: [UInt8], source: String) throws(ImagingError) -> ImageVolume {
        guard bytes.starts(with: magic) else { throw .wrongMagic(file: source, format: "NRRD", found: String(decoding: bytes.prefix(8), as: UTF8.self)) }
        let (fields, dataStart) = try header(bytes, source: source)
        func field(_ name: String) throws(ImagingError) -> String {
            guard let value = fields[name] else {
                throw .invalidField(file: source, field: name, value: "missing", fix: "Save the file again from 3D Slicer or ITK-SNAP.")
            }
            return value
        }
        if fields["data file"] != nil || fields["datafile"] != nil {
            throw .unsupported(file: source, field: "data file", value: "detached", fix: "Save the NRRD with its data attached (.nrrd, not .nhdr).")
        }
        let type = try NRRDType(try field("type"), source: source)
        guard let dimension = Int(try field("dimension")), (2...3).contains(dimension) else {
            throw .unsupported(file: source, field: "dimension", value: fields["dimension"] ?? "", fix: "Export a 2-D or 3-D label map (one layer).")
        }
        let sizes = try field("sizes").split(separator: " ").map { text throws(ImagingError) -> Int in
            guard let size = Int(text), size > 0 else {
                throw .invalidField(file: source, field: "sizes", value: String(text), fix: "Sizes are positive integers.")
            }
            return size
        }
        guard sizes.count == dimension else {
            throw .invalidField(file: source, field: "sizes", value: "\(sizes.count) sizes", fix: "One size per dimension (\(dimension)).")
        }
        let (width, height, depth) = (sizes[0], sizes[1], dimension == 3 ? sizes[2] : 1)
        let voxels = checkedProduct([width, height, depth])
        try DecodeBudget.require(voxels.flatMap { checkedProduct([$0, 4 + type.size]) }, file: source, field: "sizes \(sizes)")
        guard let voxels else { throw .overBudget(file: source, field: "sizes", neededBytes: Int.max, budgetBytes: DecodeBudget.maximumBytes) }
        let needed = voxels * type.size
        let encoding = try field("encoding").lowercased()
        let data: [UInt8]
        switch encoding {
        case "raw":
            guard bytes.count - dataStart >= needed else {
                throw .truncated(file: source, field: "voxels", needed: needed, available: bytes.count - dataStart)
            }
            data = Array(bytes[dataStart..<(dataStart + needed)])
        case "gzip", "gz":
            data = try Zlib.inflate(bytes[dataStart...], container: .gzipOrZlib, size: needed, source: source, field: "gzip voxels")
        default:
            throw .unsupported(file: source, field: "encoding", value: encoding, fix: "Save the NRRD raw or gzip-compressed.")
        }
        let bigEndian = (fields["endian"] ?? "little").lowercased() == "big"
        let pixels = type.floats(data, count: voxels, bigEndian: bigEndian)
        return ImageVolume(width: width, height: height, depth: depth, pixels: pixels,
                           affine: try affine(fields, dimension: dimension, source: source))
    }

    /// Fields by lower-cased name (`key:=value` pairs are kept apart by their `:=`), and where the data starts.
    static func header(_ bytes: [UInt8], source: String) throws(ImagingError) -> ([String: String], Int) {
        var fields: [String: String] = [:]
        var start = 0
        var index = 0
        let limit = min(bytes.count, maxHeaderBytes)
        while index < limit {
            guard bytes[index] == 0x0A else { index += 1; continue }
            let line = String(decoding: bytes[start..<index], as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            index += 1
            start = index
            if line.isEmpty { return (fields, index) }
            if line.hasPrefix("#") || line.hasPrefix("NRRD") || line.contains(":=") { continue }
            guard let colon = line.range(of: ": ") else { continue }
            fields[line[..<colon.lowerBound].lowercased()] = String(line[colon.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        throw .invalidField(file: source, field: "header", value: "no blank line within \(maxHeaderBytes) bytes",
                            fix: "Save the file again from 3D Slicer or ITK-SNAP.")
    }

    /// Voxel → RAS: the direction vectors as columns, the origin as translation; LPS spaces negate x and y.
    static func affine(_ fields: [String: String], dimension: Int, source: String) throws(ImagingError) -> [Double]? {
        guard let directions = fields["space directions"] else { return nil }
        let vectors = try vectorsIn(directions, source: source, field: "space directions")
        guard vectors.count == dimension, vectors.allSatisfy({ $0.count == 3 }) else {
            throw .unsupported(file: source, field: "space directions", value: directions,
                               fix: "Export a label map whose every axis is spatial (one layer, no 'none' axis).")
        }
        let origin = try fields["space origin"].map { text throws(ImagingError) in try vectorsIn(text, source: source, field: "space origin") }?.first
            ?? [0, 0, 0]
        guard origin.count == 3 else {
            throw .invalidField(file: source, field: "space origin", value: fields["space origin"] ?? "", fix: "Three coordinates.")
        }
        let columns = vectors + (dimension == 2 ? [[0, 0, 1]] : [])
        let space = (fields["space"] ?? "right-anterior-superior").lowercased()
        let lps = space == "left-posterior-superior" || space == "lps"
        guard lps || space == "right-anterior-superior" || space == "ras" || space == "scanner-xyz" else {
            throw .unsupported(file: source, field: "space", value: space, fix: "Save it in RAS or LPS space (3D Slicer does).")
        }
        var affine = [Double](repeating: 0, count: 16)
        for row in 0..<3 {
            let sign: Double = lps && row < 2 ? -1 : 1
            for column in 0..<3 { affine[row * 4 + column] = sign * columns[column][row] }
            affine[row * 4 + 3] = sign * origin[row]
        }
        affine[15] = 1
        return affine
    }

    /// `(a,b,c) (d,e,f)` → [[a,b,c], [d,e,f]]; `none` entries are left out.
    static func vectorsIn(_ text: String, source: String, field: String) throws(ImagingError) -> [[Double]] {
        var vectors: [[Double]] = []
        for part in text.split(separator: ")") {
            let inner = part.drop { $0 == " " || $0 == "(" }
            guard !inner.isEmpty, !inner.hasPrefix("none") else { continue }
            let values = inner.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard values.allSatisfy({ $0?.isFinite == true }) else {
                throw .invalidField(file: source, field: field, value: text, fix: "Vectors are (x,y,z) of numbers.")
            }
            vectors.append(values.compactMap { $0 })
        }
        return vectors
    }
}
