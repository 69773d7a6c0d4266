/// NRRD's scalar types (every spelling the format allows) and how their bytes become Floats.
enum NRRDType {
    case int8, uint8, int16, uint16, int32, uint32, int64, uint64, float32, float64

    init(_ text: String, source: String) throws(ImagingError) {
        switch text.lowercased() {
        case "signed char", "int8", "int8_t": self = .int8
        case "uchar", "unsigned char", "uint8", "uint8_t": self = .uint8
        case "short", "short int", "signed short", "signed short int", "int16", "int16_t": self = .int16
        case "ushort", "unsigned short", "unsigned short int", "uint16", "uint16_t": self = .uint16
        case "int", "signed int", "int32", "int32_t": self = .int32
        case "uint", "unsigned int", "uint32", "uint32_t": self = .uint32
        case "longlong", "long long", "long long int", "signed long long", "signed long long int", "int64", "int64_t": self = .int64
        case "ulonglong", "unsigned long long", "unsigned long long int", "uint64", "uint64_t": self = .uint64
        case "float": self = .float32
        case "double": self = .float64
        default:
            throw .unsupported(file: source, field: "type", value: text, fix: "Save the label map with an integer or float type.")
        }
    }

    var size: Int {
        switch self {
        case .int8, .uint8: 1
        case .int16, .uint16: 2
        case .int32, .uint32, .float32: 4
        case .int64, .uint64, .float64: 8
        }
    }

    func floats(_ data: [UInt8], count: Int, bigEndian: Bool) -> [Float] {
        let size = self.size
        var values = [Float](repeating: 0, count: count)
        for index in 0..<count {
            var raw: UInt64 = 0
            for byte in 0..<size {
                let position = bigEndian ? size - 1 - byte : byte
                raw |= UInt64(data[index * size + position]) << (8 * UInt64(byte))
            }
            values[index] = switch self {
            case .int8: Float(Int8(truncatingIfNeeded: raw))
            case .uint8: Float(UInt8(truncatingIfNeeded: raw))
            case .int16: Float(Int16(truncatingIfNeeded: raw))
            case .uint16: Float(UInt16(truncatingIfNeeded: raw))
            case .int32: Float(Int32(truncatingIfNeeded: raw))
            case .uint32: Float(UInt32(truncatingIfNeeded: raw))
            case .int64: Float(Int64(bitPattern: raw))
            case .uint64: Float(raw)
            case .float32: Float(bitPattern: UInt32(truncatingIfNeeded: raw))
            case .float64: Float(Double(bitPattern: raw))
            }
        }
        return values
    }
}
