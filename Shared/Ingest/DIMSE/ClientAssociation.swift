import NIOCore

/// One association as the requestor sees it: A-ASSOCIATE-RQ/AC, DIMSE messages as P-DATA fragments within the
/// peer's maximum PDU length, A-RELEASE. Every wait is bounded (the pipeline's DIMSETimeoutHandler): a silent peer
/// fails the operation, not the service.
final class ClientAssociation: @unchecked Sendable {
    /// The largest P-DATA body we accept from the peer (announced in the request).
    static let receiveLimit = 64 * 1024

    private var inbound: NIOAsyncChannelInboundStream<PDUFrame>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let peer: DIMSEPeer
    private let timeout: Int64
    private var sendLimit = 16 * 1024
    private var contextID: UInt8 = 1

    init(inbound: NIOAsyncChannelInboundStream<PDUFrame>.AsyncIterator, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
         peer: DIMSEPeer, timeout: Int64) {
        (self.inbound, self.outbound, self.peer, self.timeout) = (inbound, outbound, peer, timeout)
    }

    func open(_ request: AssociateRequest) async throws {
        try await write(.associateRequest(request))
        switch try await next() {
        case .associateAccept(let accept):
            guard let accepted = accept.results.first(where: { $0.id == request.presentationContexts[0].id && $0.result == 0 }) else {
                let reason = accept.results.first.map { "result \($0.result)" } ?? "no result"
                throw DIMSEError("\(peer) accepted the association but not \(request.presentationContexts[0].abstractSyntax) (\(reason))")
            }
            contextID = accepted.id
            // 0 means no limit; stay modest anyway so one PDU never holds a whole SEG in memory twice.
            if accept.maximumLength > 0 { sendLimit = min(Int(accept.maximumLength), 1 << 20) }
        case let .associateReject(result, source, reason):
            throw DIMSEError("\(peer) rejected the association (result \(result), source \(source), reason \(reason)): "
                             + "check that it knows the calling AE title and accepts this SOP class")
        default:
            throw DIMSEError("\(peer) answered the association request with something else")
        }
    }

    /// A command and its optional data set, each cut into PDVs that fit the peer's maximum PDU length.
    func send(_ command: DIMSECommand, dataSet: [UInt8]?) async throws {
        try await write(.data([PDU.PDV(contextID: contextID, isCommand: true, isLast: true, bytes: command.encoded())]))
        guard let dataSet else { return }
        for value in Self.dataFragments(dataSet, contextID: contextID, maximumLength: sendLimit) { try await write(.data([value])) }
    }

    /// A data set as PDVs, one per P-DATA-TF, each within `maximumLength` (the PDV's 4-byte length, context ID and
    /// control header count against it: PS3.8 §9.3.5), the last one flagged.
    static func dataFragments(_ dataSet: [UInt8], contextID: UInt8, maximumLength: Int) -> [PDU.PDV] {
        let fragment = max(maximumLength - 6, 1)
        var values: [PDU.PDV] = []
        var start = 0
        repeat {
            let end = min(start + fragment, dataSet.count)
            values.append(PDU.PDV(contextID: contextID, isCommand: false, isLast: end == dataSet.count, bytes: Array(dataSet[start..<end])))
            start = end
        } while start < dataSet.count
        return values
    }

    /// The next DIMSE message: its command and, when the command says one follows, its data set.
    func receive() async throws -> (DIMSECommand, [UInt8]?) {
        var commandBytes: [UInt8] = [], dataBytes: [UInt8] = []
        var command: DIMSECommand?
        while true {
            guard case .data(let values) = try await next() else {
                throw DIMSEError("\(peer) sent an unexpected PDU in the middle of a DIMSE exchange")
            }
            for value in values {
                if value.isCommand {
                    commandBytes += value.bytes
                    if value.isLast { command = try DIMSECommand.parse(commandBytes) }
                } else {
                    dataBytes += value.bytes
                    if value.isLast, let command { return (command, dataBytes) }
                }
            }
            if let command, !command.hasDataSet { return (command, nil) }
        }
    }

    func release() async throws {
        try await write(.releaseRequest)
        guard case .releaseResponse = try await next() else {
            throw DIMSEError("\(peer) did not answer A-RELEASE with its response")
        }
    }

    private func write(_ pdu: PDU) async throws {
        try await outbound.write(ByteBuffer(bytes: pdu.encoded()))
    }

    private func next() async throws -> PDU {
        let frame: PDUFrame?
        do {
            frame = try await inbound.next()
        } catch is DIMSETimeoutHandler.Expired {
            throw DIMSEError("no answer from \(peer) within \(timeout) s")
        }
        guard let frame else { throw DIMSEError("\(peer) closed the connection") }
        let pdu = try PDU.parse(type: frame.type, body: frame.body)
        if case let .abort(source, reason) = pdu {
            throw DIMSEError("\(peer) aborted the association (source \(source), reason \(reason))")
        }
        return pdu
    }
}
