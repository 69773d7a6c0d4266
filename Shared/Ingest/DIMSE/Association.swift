/// A-ASSOCIATE-RQ (PS3.8 9.3.2): who calls whom, and what the caller proposes to send in which encodings.
public struct AssociateRequest: Sendable, Equatable {
    public struct PresentationContext: Sendable, Equatable {
        public let id: UInt8
        public let abstractSyntax: String
        public let transferSyntaxes: [String]

        public init(id: UInt8, abstractSyntax: String, transferSyntaxes: [String]) {
            self.id = id
            self.abstractSyntax = abstractSyntax
            self.transferSyntaxes = transferSyntaxes
        }
    }

    public var calledAETitle: String
    public var callingAETitle: String
    public var applicationContext = AssociateRequest.dicomApplicationContext
    public var presentationContexts: [PresentationContext]
    /// The most bytes the caller accepts in one PDU; 0 means unlimited.
    public var maximumLength: UInt32 = 0
    public var implementationClassUID = ""
    public var implementationVersionName = ""

    public static let dicomApplicationContext = "1.2.840.10008.3.1.1.1"

    public init(calledAETitle: String, callingAETitle: String, presentationContexts: [PresentationContext]) {
        self.calledAETitle = calledAETitle
        self.callingAETitle = callingAETitle
        self.presentationContexts = presentationContexts
    }

    static func parse(_ reader: inout PDUReader) throws(DIMSEError) -> AssociateRequest {
        try reader.skip(4) // protocol version, reserved
        var request = AssociateRequest(calledAETitle: try reader.text(16), callingAETitle: try reader.text(16),
                                       presentationContexts: [])
        try reader.skip(32)
        while !reader.atEnd {
            let type = try reader.u8()
            try reader.skip(1)
            var item = PDUReader(try reader.bytes(Int(try reader.u16())))
            switch type {
            case 0x10: request.applicationContext = try item.text(item.remaining)
            case 0x20:
                let id = try item.u8()
                try item.skip(3)
                var abstract = "", transfers: [String] = []
                while !item.atEnd {
                    let subType = try item.u8()
                    try item.skip(1)
                    let value = try item.text(Int(try item.u16()))
                    if subType == 0x30 { abstract = value } else if subType == 0x40 { transfers.append(value) }
                }
                request.presentationContexts.append(.init(id: id, abstractSyntax: abstract, transferSyntaxes: transfers))
            case 0x50:
                while !item.atEnd {
                    let subType = try item.u8()
                    try item.skip(1)
                    var sub = PDUReader(try item.bytes(Int(try item.u16())))
                    switch subType {
                    case 0x51: request.maximumLength = try sub.u32()
                    case 0x52: request.implementationClassUID = try sub.text(sub.remaining)
                    case 0x55: request.implementationVersionName = try sub.text(sub.remaining)
                    default: continue // role selection, extended negotiation …: not used by a storage SCP here
                    }
                }
            default: continue
            }
        }
        return request
    }

    func encode(_ writer: inout PDUWriter) {
        writer.associateHeader(called: calledAETitle, calling: callingAETitle)
        writer.item(0x10, Array(applicationContext.utf8))
        for context in presentationContexts {
            var body = PDUWriter()
            body.bytes([context.id, 0, 0, 0])
            body.item(0x30, Array(context.abstractSyntax.utf8))
            for syntax in context.transferSyntaxes { body.item(0x40, Array(syntax.utf8)) }
            writer.item(0x20, body.output)
        }
        writer.item(0x50, UserInformation(maximumLength: maximumLength, implementationClassUID: implementationClassUID,
                                          implementationVersionName: implementationVersionName).encoded())
    }
}

/// A-ASSOCIATE-AC: per proposed context, accepted with one transfer syntax or refused with a reason.
public struct AssociateAccept: Sendable, Equatable {
    public struct Result: Sendable, Equatable {
        public let id: UInt8
        /// 0 acceptance, 1 user rejection, 2 no reason, 3 abstract syntax not supported, 4 transfer syntaxes not supported.
        public let result: UInt8
        public let transferSyntax: String
    }

    public let calledAETitle: String
    public let callingAETitle: String
    public let results: [Result]
    public let maximumLength: UInt32
    public let implementationClassUID: String
    public let implementationVersionName: String

    static func parse(_ reader: inout PDUReader) throws(DIMSEError) -> AssociateAccept {
        try reader.skip(4)
        let called = try reader.text(16), calling = try reader.text(16)
        try reader.skip(32)
        var results: [Result] = []
        var maximum: UInt32 = 0
        while !reader.atEnd {
            let type = try reader.u8()
            try reader.skip(1)
            var item = PDUReader(try reader.bytes(Int(try reader.u16())))
            if type == 0x21 {
                let id = try item.u8()
                try item.skip(1)
                let result = try item.u8()
                try item.skip(1)
                var syntax = ""
                while !item.atEnd {
                    let subType = try item.u8()
                    try item.skip(1)
                    let value = try item.text(Int(try item.u16()))
                    if subType == 0x40 { syntax = value }
                }
                results.append(Result(id: id, result: result, transferSyntax: syntax))
            } else if type == 0x50 {
                while !item.atEnd {
                    let subType = try item.u8()
                    try item.skip(1)
                    var sub = PDUReader(try item.bytes(Int(try item.u16())))
                    if subType == 0x51 { maximum = try sub.u32() }
                }
            }
        }
        return AssociateAccept(calledAETitle: called, callingAETitle: calling, results: results, maximumLength: maximum,
                               implementationClassUID: "", implementationVersionName: "")
    }

    func encode(_ writer: inout PDUWriter) {
        writer.associateHeader(called: calledAETitle, calling: callingAETitle)
        writer.item(0x10, Array(AssociateRequest.dicomApplicationContext.utf8))
        for result in results {
            var body = PDUWriter()
            body.bytes([result.id, 0, result.result, 0])
            // PS3.8 9.3.3.2: the transfer syntax sub-item is present but not significant when refused.
            body.item(0x40, Array(result.transferSyntax.utf8))
            writer.item(0x21, body.output)
        }
        writer.item(0x50, UserInformation(maximumLength: maximumLength, implementationClassUID: implementationClassUID,
                                          implementationVersionName: implementationVersionName).encoded())
    }
}

/// The user information item (0x50) both sides send: maximum length, implementation class UID and version name.
struct UserInformation {
    let maximumLength: UInt32
    let implementationClassUID: String
    let implementationVersionName: String

    func encoded() -> [UInt8] {
        var writer = PDUWriter()
        var length = PDUWriter()
        length.u32(maximumLength)
        writer.item(0x51, length.output)
        if !implementationClassUID.isEmpty { writer.item(0x52, Array(implementationClassUID.utf8)) }
        if !implementationVersionName.isEmpty { writer.item(0x55, Array(implementationVersionName.utf8.prefix(16))) }
        return writer.output
    }
}
