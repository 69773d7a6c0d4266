/// Element types ScanSelect reads and writes, with their safetensors spelling.
public enum DType: String, Sendable, CaseIterable {
    case float32 = "F32"
    case float16 = "F16"
    case float64 = "F64"
    case uint8 = "U8"
    case int16 = "I16"
    case int32 = "I32"
    case int64 = "I64"

    public var byteCount: Int {
        switch self {
        case .uint8: 1
        case .float16, .int16: 2
        case .float32, .int32: 4
        case .float64, .int64: 8
        }
    }
}
