import Foundation

/// One attribute to write: its tag, value representation and value (bytes, text or a sequence of item data sets).
/// Derived objects (SEG) are small and built whole in memory, so this is a plain value tree rather than a stream.
public struct DICOMWriteElement: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case bytes([UInt8])
        case items([[DICOMWriteElement]])
    }

    public let group: UInt16
    public let element: UInt16
    public let vr: DICOMValueRepresentation
    public let value: Value

    public init(_ group: UInt16, _ element: UInt16, _ vr: DICOMValueRepresentation, bytes: [UInt8]) {
        (self.group, self.element, self.vr, self.value) = (group, element, vr, .bytes(bytes))
    }

    /// Text values, several joined by backslashes (PS3.5 §6.4); padded to even length when encoded.
    public init(_ group: UInt16, _ element: UInt16, _ vr: DICOMValueRepresentation, _ text: String...) {
        self.init(group, element, vr, bytes: Array(text.joined(separator: "\\").utf8))
    }

    public init(_ group: UInt16, _ element: UInt16, sequence items: [[DICOMWriteElement]]) {
        (self.group, self.element, self.vr, self.value) = (group, element, .SQ, .items(items))
    }

    public static func unsignedShort(_ group: UInt16, _ element: UInt16, _ values: Int...) -> DICOMWriteElement {
        DICOMWriteElement(group, element, .US, bytes: values.flatMap { littleEndian(UInt16(clamping: $0)) })
    }

    public static func unsignedLong(_ group: UInt16, _ element: UInt16, _ values: Int...) -> DICOMWriteElement {
        DICOMWriteElement(group, element, .UL, bytes: values.flatMap { littleEndian(UInt32(clamping: $0)) })
    }

    /// An attribute-tag value (AT): the tag's group then element, each little-endian.
    public static func attributeTag(_ group: UInt16, _ element: UInt16, pointingAt target: (UInt16, UInt16)) -> DICOMWriteElement {
        DICOMWriteElement(group, element, .AT, bytes: littleEndian(target.0) + littleEndian(target.1))
    }

    /// Decimal strings (DS) at most 16 characters each, as the standard limits them.
    public static func decimals(_ group: UInt16, _ element: UInt16, _ values: [Double]) -> DICOMWriteElement {
        DICOMWriteElement(group, element, .DS, bytes: Array(values.map(decimalString).joined(separator: "\\").utf8))
    }

    /// The shortest form of `value` that fits DS's 16 characters.
    static func decimalString(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        for digits in stride(from: 15, through: 1, by: -1) {
            let text = String(format: "%.\(digits)g", value)
            if text.utf8.count <= 16 { return text }
        }
        return "0"
    }

    static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}

/// The value representations ScanSelect writes.
public enum DICOMValueRepresentation: String, Sendable {
    case AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OW, PN, SH, SQ, ST, TM, UI, UL, US, UT

    /// PS3.5 table 7.1-1: these have a reserved field and a 4-byte length in explicit VR.
    var hasLongLength: Bool { [.OB, .OW, .SQ, .UT].contains(self) }

    /// UIDs pad with NUL, binary values with 0, text with a space (PS3.5 §6.2).
    var padding: UInt8 {
        switch self {
        case .UI, .OB: 0
        default: 0x20
        }
    }
}
