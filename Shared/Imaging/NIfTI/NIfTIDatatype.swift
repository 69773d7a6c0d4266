/// NIfTI `datatype` codes (nifti1.h) this reader converts to float.
public enum NIfTIDatatype: Int, Sendable {
    case uint8 = 2
    case int16 = 4
    case int32 = 8
    case float32 = 16
    case float64 = 64
    case int8 = 256
    case uint16 = 512
    case uint32 = 768
    case int64 = 1024
    case uint64 = 1280

    public var bytes: Int {
        switch self {
        case .uint8, .int8: return 1
        case .int16, .uint16: return 2
        case .int32, .uint32, .float32: return 4
        case .float64, .int64, .uint64: return 8
        }
    }

    /// Names of the codes that exist but are not images of one real value per voxel.
    static let unsupportedNames: [Int: String] = [
        1: "binary", 32: "complex64", 128: "RGB24", 1536: "float128", 1792: "complex128", 2048: "complex256",
        2304: "RGBA32",
    ]

    /// Converts `count` values starting at `offset` to Float, honouring the file's byte order.
    func floats(_ bytes: [UInt8], offset: Int, count: Int, bigEndian: Bool) -> [Float] {
        bytes.withUnsafeBytes { raw in
            func convert<T: FixedWidthInteger>(_: T.Type, _ make: (T) -> Float) -> [Float] {
                let size = MemoryLayout<T>.size
                return [Float](unsafeUninitializedCapacity: count) { out, initialised in
                    for i in 0..<count {
                        let stored = raw.loadUnaligned(fromByteOffset: offset + i * size, as: T.self)
                        out[i] = make(bigEndian ? T(bigEndian: stored) : T(littleEndian: stored))
                    }
                    initialised = count
                }
            }
            switch self {
            case .uint8: return convert(UInt8.self) { Float($0) }
            case .int8: return convert(UInt8.self) { Float(Int8(bitPattern: $0)) }
            case .int16: return convert(UInt16.self) { Float(Int16(bitPattern: $0)) }
            case .uint16: return convert(UInt16.self) { Float($0) }
            case .int32: return convert(UInt32.self) { Float(Int32(bitPattern: $0)) }
            case .uint32: return convert(UInt32.self) { Float($0) }
            case .int64: return convert(UInt64.self) { Float(Int64(bitPattern: $0)) }
            case .uint64: return convert(UInt64.self) { Float($0) }
            case .float32: return convert(UInt32.self) { Float(bitPattern: $0) }
            case .float64: return convert(UInt64.self) { Float(Double(bitPattern: $0)) }
            }
        }
    }
}
