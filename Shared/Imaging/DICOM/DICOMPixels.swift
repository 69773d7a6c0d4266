/// Stored pixel values exactly as the modality wrote them (after BitsStored masking, before rescale), laid out
/// frame, row, column, sample — the order pydicom's `pixel_array` uses, whatever the planar configuration.
public enum DICOMPixels: Sendable, Equatable {
    case uint8([UInt8])
    case int8([Int8])
    case uint16([UInt16])
    case int16([Int16])
    case uint32([UInt32])
    case int32([Int32])

    /// Wraps values of one of the six stored types (the decoder only produces those).
    init<T: FixedWidthInteger>(_ values: [T]) {
        switch values {
        case let v as [UInt8]: self = .uint8(v)
        case let v as [Int8]: self = .int8(v)
        case let v as [UInt16]: self = .uint16(v)
        case let v as [Int16]: self = .int16(v)
        case let v as [UInt32]: self = .uint32(v)
        case let v as [Int32]: self = .int32(v)
        default: preconditionFailure("DICOM stores 8-, 16- or 32-bit integers only, not \(T.self)")
        }
    }

    public var count: Int {
        switch self {
        case .uint8(let v): return v.count
        case .int8(let v): return v.count
        case .uint16(let v): return v.count
        case .int16(let v): return v.count
        case .uint32(let v): return v.count
        case .int32(let v): return v.count
        }
    }

    /// All values widened to Int64, which holds every stored type exactly.
    public func int64Values() -> [Int64] { map { $0 } }

    /// `slope * stored + intercept`, the modality LUT of PS3.3 C.11.1 (Hounsfield units for CT).
    public func rescaled(slope: Double, intercept: Double) -> [Float] {
        let rescale = ModalityRescale(slope: slope, intercept: intercept)
        return map(rescale.callAsFunction)
    }

    private func map<Result>(_ transform: (Int64) -> Result) -> [Result] {
        switch self {
        case .uint8(let v): return v.map { transform(Int64($0)) }
        case .int8(let v): return v.map { transform(Int64($0)) }
        case .uint16(let v): return v.map { transform(Int64($0)) }
        case .int16(let v): return v.map { transform(Int64($0)) }
        case .uint32(let v): return v.map { transform(Int64($0)) }
        case .int32(let v): return v.map { transform(Int64($0)) }
        }
    }
}

/// The linear modality LUT, computed in double precision as pydicom does, then stored as Float.
struct ModalityRescale {
    let slope: Double
    let intercept: Double

    @inline(__always)
    func callAsFunction<T: BinaryInteger>(_ value: T) -> Float {
        Float(Double(value) * slope + intercept)
    }
}
