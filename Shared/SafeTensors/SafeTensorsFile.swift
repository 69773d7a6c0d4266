import Foundation

/// A parsed safetensors file (https://github.com/huggingface/safetensors): an 8-byte little-endian header
/// length, a JSON header, then the raw little-endian tensor bytes.
public struct SafeTensorsFile: Sendable {
    public struct Entry: Sendable, Equatable {
        public let dtype: DType
        public let shape: [Int]
        /// Byte range inside `SafeTensorsFile.bytes`.
        public let range: Range<Int>
        public var elementCount: Int { shape.reduce(1, *) }
    }

    public let source: String
    public let metadata: [String: String]
    public let entries: [String: Entry]
    /// Names in file order (by data offset), which is the order they were written in.
    public let names: [String]
    public let bytes: [UInt8]

    /// Reads and validates the whole file. The error names `path`.
    public init(contentsOf path: String) throws(SafeTensorsError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: path, reason: "cannot read file (missing or unreadable)")
        }
        try self.init(bytes: [UInt8](data), source: path)
    }

    public init(bytes: [UInt8], source: String = "<memory>") throws(SafeTensorsError) {
        self.source = source
        self.bytes = bytes
        guard bytes.count >= 8 else {
            throw .truncated(source: source, expectedBytes: 8, actualBytes: bytes.count)
        }
        var headerLength = 0
        for i in 0..<8 { headerLength |= Int(bytes[i]) << (8 * i) }
        guard headerLength > 0, headerLength <= 100_000_000 else {
            throw .badHeader(source: source, reason: "header length \(headerLength) is out of range")
        }
        guard bytes.count >= 8 + headerLength else {
            throw .truncated(source: source, expectedBytes: 8 + headerLength, actualBytes: bytes.count)
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerLength)]))
        } catch {
            throw .badHeader(source: source, reason: "header is not JSON")
        }
        guard let object = json as? [String: Any] else {
            throw .badHeader(source: source, reason: "header is not a JSON object")
        }
        let dataStart = 8 + headerLength
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        var requiredEnd = dataStart
        for (name, value) in object {
            if name == "__metadata__" {
                guard let meta = value as? [String: Any] else {
                    throw .badHeader(source: source, reason: "__metadata__ is not an object")
                }
                for (key, item) in meta { metadata[key] = item as? String ?? "\(item)" }
                continue
            }
            let entry = try Self.parseEntry(name: name, value: value, dataStart: dataStart, source: source)
            requiredEnd = max(requiredEnd, entry.range.upperBound)
            entries[name] = entry
        }
        guard bytes.count >= requiredEnd else {
            throw .truncated(source: source, expectedBytes: requiredEnd, actualBytes: bytes.count)
        }
        self.entries = entries
        self.metadata = metadata
        self.names = entries.sorted { $0.value.range.lowerBound < $1.value.range.lowerBound }.map(\.key)
    }

    private static func parseEntry(name: String, value: Any, dataStart: Int, source: String) throws(SafeTensorsError) -> Entry {
        guard let fields = value as? [String: Any],
              let dtypeName = fields["dtype"] as? String,
              let shapeValues = fields["shape"] as? [Any],
              let offsetValues = fields["data_offsets"] as? [Any], offsetValues.count == 2
        else { throw .badHeader(source: source, reason: "tensor '\(name)' lacks dtype, shape or data_offsets") }
        guard let dtype = DType(rawValue: dtypeName) else {
            throw .badHeader(source: source, reason: "tensor '\(name)' has unsupported dtype \(dtypeName)")
        }
        let shape = shapeValues.compactMap { ($0 as? NSNumber)?.intValue }
        let offsets = offsetValues.compactMap { ($0 as? NSNumber)?.intValue }
        guard shape.count == shapeValues.count, shape.allSatisfy({ $0 >= 0 }), offsets.count == 2,
              offsets[0] >= 0, offsets[1] >= offsets[0]
        else { throw .badHeader(source: source, reason: "tensor '\(name)' has an invalid shape or offsets") }
        var elementCount = 1
        for dimension in shape {
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw .badHeader(source: source, reason: "tensor '\(name)' shape overflows") }
            elementCount = product
        }
        guard offsets[1] - offsets[0] == elementCount * dtype.byteCount else {
            throw .badHeader(source: source,
                             reason: "tensor '\(name)' spans \(offsets[1] - offsets[0]) bytes but \(shape) \(dtypeName) needs \(elementCount * dtype.byteCount)")
        }
        return Entry(dtype: dtype, shape: shape, range: (dataStart + offsets[0])..<(dataStart + offsets[1]))
    }

    public func entry(_ name: String) throws(SafeTensorsError) -> Entry {
        guard let entry = entries[name] else {
            throw .missingTensor(source: source, name: name, available: names)
        }
        return entry
    }

    /// The tensor converted to Float from any floating or integer dtype.
    public func floats(_ name: String) throws(SafeTensorsError) -> [Float] {
        let entry = try entry(name)
        return bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress!.advanced(by: entry.range.lowerBound)
            let n = entry.elementCount
            switch entry.dtype {
            case .float32: return Self.load(Float.self, base, n) { $0 }
            case .float16: return Self.load(UInt16.self, base, n) { Float(Float16(bitPattern: $0)) }
            case .float64: return Self.load(UInt64.self, base, n) { Float(Double(bitPattern: $0)) }
            case .uint8: return (0..<n).map { Float(base.load(fromByteOffset: $0, as: UInt8.self)) }
            case .int16: return Self.load(Int16.self, base, n) { Float($0) }
            case .int32: return Self.load(Int32.self, base, n) { Float($0) }
            case .int64: return Self.load(Int64.self, base, n) { Float($0) }
            }
        }
    }

    /// The tensor's floats, checked against an expected shape.
    public func floats(_ name: String, shape expected: [Int]) throws(SafeTensorsError) -> [Float] {
        let found = try entry(name).shape
        guard found == expected else { throw .shapeMismatch(source: source, name: name, expected: expected, found: found) }
        return try floats(name)
    }

    /// Raw bytes of a uint8 tensor (masks).
    public func uint8(_ name: String) throws(SafeTensorsError) -> [UInt8] {
        let entry = try entry(name)
        guard entry.dtype == .uint8 else {
            throw .dtypeMismatch(source: source, name: name, expected: DType.uint8.rawValue, found: entry.dtype)
        }
        return Array(bytes[entry.range])
    }

    /// Integers of an integer tensor.
    public func ints(_ name: String) throws(SafeTensorsError) -> [Int] {
        let entry = try entry(name)
        return bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress!.advanced(by: entry.range.lowerBound)
            let n = entry.elementCount
            switch entry.dtype {
            case .uint8: return (0..<n).map { Int(base.load(fromByteOffset: $0, as: UInt8.self)) }
            case .int16: return Self.load(Int16.self, base, n) { Int($0) }
            case .int32: return Self.load(Int32.self, base, n) { Int($0) }
            case .int64: return Self.load(Int64.self, base, n) { Int($0) }
            case .float32: return Self.load(Float.self, base, n) { Int($0) }
            case .float16: return Self.load(UInt16.self, base, n) { Int(Float(Float16(bitPattern: $0))) }
            case .float64: return Self.load(UInt64.self, base, n) { Int(Double(bitPattern: $0)) }
            }
        }
    }

    private static func load<T, R>(_: T.Type, _ base: UnsafeRawPointer, _ count: Int, _ convert: (T) -> R) -> [R] {
        let stride = MemoryLayout<T>.size
        return (0..<count).map { convert(base.loadUnaligned(fromByteOffset: $0 * stride, as: T.self)) }
    }
}
