import Foundation

/// Builds a safetensors file in memory. Tensors keep insertion order; the header is padded to 8 bytes
/// so that numpy/PyTorch can map the data aligned.
public struct SafeTensorsWriter: Sendable {
    private var header: [(name: String, dtype: DType, shape: [Int], bytes: [UInt8])] = []
    public var metadata: [String: String]

    public init(metadata: [String: String] = [:]) {
        self.metadata = metadata
    }

    public mutating func add(_ name: String, floats: [Float], shape: [Int]) {
        precondition(shape.reduce(1, *) == floats.count, "shape \(shape) does not match \(floats.count) values")
        header.append((name, .float32, shape, floats.withUnsafeBytes { [UInt8]($0) }))
    }

    public mutating func add(_ name: String, float16 values: [Float], shape: [Int]) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not match \(values.count) values")
        let halves = values.map { Float16($0).bitPattern }
        header.append((name, .float16, shape, halves.withUnsafeBytes { [UInt8]($0) }))
    }

    public mutating func add(_ name: String, uint8 values: [UInt8], shape: [Int]) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not match \(values.count) values")
        header.append((name, .uint8, shape, values))
    }

    public mutating func add(_ name: String, int16 values: [Int16], shape: [Int]) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not match \(values.count) values")
        header.append((name, .int16, shape, values.withUnsafeBytes { [UInt8]($0) }))
    }

    public mutating func add(_ name: String, int32 values: [Int32], shape: [Int]) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not match \(values.count) values")
        header.append((name, .int32, shape, values.withUnsafeBytes { [UInt8]($0) }))
    }

    /// The complete file. Deterministic: the same tensors and metadata give the same bytes, which is
    /// what makes content addressing in the tensor store deduplicate.
    public func serialized() -> [UInt8] {
        var json = "{"
        var offset = 0
        var parts: [String] = []
        if !metadata.isEmpty {
            let items = metadata.keys.sorted().map { "\(Self.quote($0)):\(Self.quote(metadata[$0] ?? ""))" }
            parts.append("\"__metadata__\":{\(items.joined(separator: ","))}")
        }
        for item in header {
            let shape = item.shape.map(String.init).joined(separator: ",")
            parts.append("\(Self.quote(item.name)):{\"dtype\":\"\(item.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + item.bytes.count)]}")
            offset += item.bytes.count
        }
        json += parts.joined(separator: ",") + "}"
        var headerBytes = Array(json.utf8)
        while (8 + headerBytes.count) % 8 != 0 { headerBytes.append(0x20) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + headerBytes.count + offset)
        let length = UInt64(headerBytes.count)
        for i in 0..<8 { out.append(UInt8((length >> (8 * UInt64(i))) & 0xFF)) }
        out += headerBytes
        for item in header { out += item.bytes }
        return out
    }

    private static func quote(_ string: String) -> String {
        var escaped = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
