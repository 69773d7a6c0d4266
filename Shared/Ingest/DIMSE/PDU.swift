/// The protocol data units of the DICOM upper layer (PS3.8 section 9.3). Parsing and encoding are pure: the
/// server only moves framed bytes, so every rule here is tested without a socket.
public enum PDU: Sendable, Equatable {
    case associateRequest(AssociateRequest)
    case associateAccept(AssociateAccept)
    case associateReject(result: UInt8, source: UInt8, reason: UInt8)
    case data([PDV])
    case releaseRequest
    case releaseResponse
    case abort(source: UInt8, reason: UInt8)

    /// One presentation data value: a fragment of a command or data set on one presentation context.
    public struct PDV: Sendable, Equatable {
        public let contextID: UInt8
        public let isCommand: Bool
        public let isLast: Bool
        public let bytes: [UInt8]

        public init(contextID: UInt8, isCommand: Bool, isLast: Bool, bytes: [UInt8]) {
            self.contextID = contextID
            self.isCommand = isCommand
            self.isLast = isLast
            self.bytes = bytes
        }
    }

    /// A-ABORT reasons when the service provider aborts (PS3.8 9.3.8).
    public enum AbortReason {
        public static let unrecognizedPDU: UInt8 = 1
        public static let unexpectedPDU: UInt8 = 2
        public static let unrecognizedParameter: UInt8 = 4
        public static let invalidParameter: UInt8 = 6
    }

    /// `type` and `body` as framed by the 6-byte PDU header (type, reserved, 32-bit big-endian length).
    public static func parse(type: UInt8, body: [UInt8]) throws(DIMSEError) -> PDU {
        var reader = PDUReader(body)
        switch type {
        case 0x01: return .associateRequest(try AssociateRequest.parse(&reader))
        case 0x02: return .associateAccept(try AssociateAccept.parse(&reader))
        case 0x03:
            try reader.skip(1)
            return .associateReject(result: try reader.u8(), source: try reader.u8(), reason: try reader.u8())
        case 0x04:
            var values: [PDV] = []
            while !reader.atEnd {
                let length = Int(try reader.u32())
                guard length >= 2 else { throw DIMSEError("a PDV item of \(length) bytes (at least 2 are needed)") }
                let context = try reader.u8(), header = try reader.u8()
                values.append(PDV(contextID: context, isCommand: header & 1 == 1, isLast: header & 2 == 2,
                                  bytes: try reader.bytes(length - 2)))
            }
            return .data(values)
        case 0x05: return .releaseRequest
        case 0x06: return .releaseResponse
        case 0x07:
            try reader.skip(2)
            return .abort(source: try reader.u8(), reason: try reader.u8())
        default: throw DIMSEError("unknown PDU type 0x\(String(type, radix: 16))")
        }
    }

    /// The PDU with its 6-byte header.
    public func encoded() -> [UInt8] {
        var writer = PDUWriter()
        let type: UInt8
        switch self {
        case .associateRequest(let request):
            type = 0x01
            request.encode(&writer)
        case .associateAccept(let accept):
            type = 0x02
            accept.encode(&writer)
        case let .associateReject(result, source, reason):
            type = 0x03
            writer.bytes([0, result, source, reason])
        case .data(let values):
            type = 0x04
            for value in values {
                writer.u32(UInt32(value.bytes.count + 2))
                writer.u8(value.contextID)
                writer.u8((value.isCommand ? 1 : 0) | (value.isLast ? 2 : 0))
                writer.bytes(value.bytes)
            }
        case .releaseRequest:
            type = 0x05
            writer.bytes([0, 0, 0, 0])
        case .releaseResponse:
            type = 0x06
            writer.bytes([0, 0, 0, 0])
        case let .abort(source, reason):
            type = 0x07
            writer.bytes([0, 0, source, reason])
        }
        var framed = PDUWriter()
        framed.u8(type)
        framed.u8(0)
        framed.u32(UInt32(writer.output.count))
        framed.bytes(writer.output)
        return framed.output
    }
}

/// Big-endian reads over one PDU body, every one bounds-checked.
struct PDUReader {
    private let body: [UInt8]
    private(set) var position = 0

    init(_ body: [UInt8]) { self.body = body }

    var atEnd: Bool { position >= body.count }
    var remaining: Int { body.count - position }

    mutating func skip(_ count: Int) throws(DIMSEError) { _ = try bytes(count) }

    mutating func u8() throws(DIMSEError) -> UInt8 { try bytes(1)[0] }

    mutating func u16() throws(DIMSEError) -> UInt16 {
        let b = try bytes(2)
        return UInt16(b[0]) << 8 | UInt16(b[1])
    }

    mutating func u32() throws(DIMSEError) -> UInt32 {
        let b = try bytes(4)
        return b.reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func bytes(_ count: Int) throws(DIMSEError) -> [UInt8] {
        guard count >= 0, count <= remaining else {
            throw DIMSEError("a field needs \(count) bytes but the PDU has \(remaining) left")
        }
        defer { position += count }
        return Array(body[position..<(position + count)])
    }

    /// Text of a fixed-width or item field, without DICOM padding (spaces, NULs).
    mutating func text(_ count: Int) throws(DIMSEError) -> String {
        let raw = try bytes(count)
        let trimmed = raw.reversed().drop { $0 == 0x20 || $0 == 0 }.reversed().drop { $0 == 0x20 }
        return String(decoding: Array(trimmed), as: UTF8.self)
    }
}

struct PDUWriter {
    var output: [UInt8] = []

    mutating func u8(_ value: UInt8) { output.append(value) }
    mutating func u16(_ value: UInt16) { output += [UInt8(value >> 8), UInt8(value & 0xFF)] }
    mutating func u32(_ value: UInt32) { output += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
    mutating func bytes(_ value: [UInt8]) { output += value }

    /// An AE title: 16 bytes, space-padded.
    mutating func aeTitle(_ title: String) {
        let bytes = Array(title.utf8.prefix(16))
        output += bytes + [UInt8](repeating: 0x20, count: 16 - bytes.count)
    }

    /// The fixed part of A-ASSOCIATE-RQ and -AC: protocol version 1, reserved, both AE titles, 32 reserved bytes.
    mutating func associateHeader(called: String, calling: String) {
        u16(1)
        u16(0)
        aeTitle(called)
        aeTitle(calling)
        bytes([UInt8](repeating: 0, count: 32))
    }

    /// A variable item: type, reserved, 16-bit length, value.
    mutating func item(_ type: UInt8, _ value: [UInt8]) {
        u8(type)
        u8(0)
        u16(UInt16(value.count))
        bytes(value)
    }
}
