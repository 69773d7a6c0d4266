/// A DIMSE command set (PS3.7 section 9.3, annex E): group 0000 elements, always Implicit VR Little Endian.
/// Only the elements a storage SCP reads or writes are kept; others are skipped by length.
public struct DIMSECommand: Sendable, Equatable {
    public enum Field {
        public static let cStoreRequest: UInt16 = 0x0001
        public static let cStoreResponse: UInt16 = 0x8001
        public static let cEchoRequest: UInt16 = 0x0030
        public static let cEchoResponse: UInt16 = 0x8030
        public static let cFindRequest: UInt16 = 0x0020
        public static let cFindResponse: UInt16 = 0x8020
    }

    /// CommandDataSetType value meaning "no data set follows".
    public static let noDataSet: UInt16 = 0x0101

    public var commandField: UInt16
    public var messageID: UInt16?
    public var messageIDBeingRespondedTo: UInt16?
    public var affectedSOPClassUID: String?
    public var affectedSOPInstanceUID: String?
    public var dataSetType: UInt16 = DIMSECommand.noDataSet
    public var status: UInt16?
    public var priority: UInt16?

    public init(commandField: UInt16) { self.commandField = commandField }

    public var hasDataSet: Bool { dataSetType != Self.noDataSet }

    public static func parse(_ bytes: [UInt8]) throws(DIMSEError) -> DIMSECommand {
        var at = 0
        var values: [UInt16: [UInt8]] = [:]
        func little(_ offset: Int, _ count: Int) -> Int {
            (0..<count).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        while at < bytes.count {
            guard at + 8 <= bytes.count else { throw DIMSEError("a command element header is truncated") }
            let group = little(at, 2), element = UInt16(little(at + 2, 2)), length = little(at + 4, 4)
            guard group == 0 else { throw DIMSEError("command set element in group \(group), not 0000") }
            guard length <= bytes.count - at - 8 else {
                throw DIMSEError("command element (0000,\(String(element, radix: 16))) claims \(length) bytes")
            }
            values[element] = Array(bytes[(at + 8)..<(at + 8 + length)])
            at += 8 + length
        }
        func short(_ element: UInt16) throws(DIMSEError) -> UInt16? {
            guard let value = values[element] else { return nil }
            guard value.count == 2 else { throw DIMSEError("command element (0000,\(String(element, radix: 16))) is not US") }
            return UInt16(value[0]) | UInt16(value[1]) << 8
        }
        func uid(_ element: UInt16) -> String? {
            values[element].map { String(decoding: $0.reversed().drop { $0 == 0 || $0 == 0x20 }.reversed(), as: UTF8.self) }
        }
        guard let field = try short(0x0100) else { throw DIMSEError("the command set has no CommandField (0000,0100)") }
        var command = DIMSECommand(commandField: field)
        command.messageID = try short(0x0110)
        command.messageIDBeingRespondedTo = try short(0x0120)
        command.affectedSOPClassUID = uid(0x0002)
        command.affectedSOPInstanceUID = uid(0x1000)
        command.dataSetType = try short(0x0800) ?? Self.noDataSet
        command.status = try short(0x0900)
        command.priority = try short(0x0700)
        return command
    }

    /// The command set with its group length first, elements in tag order.
    public func encoded() -> [UInt8] {
        var elements: [(UInt16, [UInt8])] = []
        func short(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
        func uid(_ value: String) -> [UInt8] {
            let bytes = Array(value.utf8)
            return bytes.count % 2 == 0 ? bytes : bytes + [0]
        }
        if let affectedSOPClassUID { elements.append((0x0002, uid(affectedSOPClassUID))) }
        elements.append((0x0100, short(commandField)))
        if let messageID { elements.append((0x0110, short(messageID))) }
        if let messageIDBeingRespondedTo { elements.append((0x0120, short(messageIDBeingRespondedTo))) }
        if let priority { elements.append((0x0700, short(priority))) }
        elements.append((0x0800, short(dataSetType)))
        if let status { elements.append((0x0900, short(status))) }
        if let affectedSOPInstanceUID { elements.append((0x1000, uid(affectedSOPInstanceUID))) }
        var body: [UInt8] = []
        for (element, value) in elements { body += Self.header(element, value.count) + value }
        return Self.header(0x0000, 4) + [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: body.count >> $0) } + body
    }

    private static func header(_ element: UInt16, _ length: Int) -> [UInt8] {
        [0, 0, UInt8(element & 0xFF), UInt8(element >> 8)] + [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: length >> $0) }
    }
}
