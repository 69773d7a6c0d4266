/// One association's life as the storage SCP sees it (PS3.8 9.2, the acceptor's side), in the manner of
/// postgres-nio's connection state machine: events in, actions out, no I/O. The server performs the actions —
/// send a PDU, store an instance, close — and reports back what a store did.
public struct AssociationStateMachine: Sendable {
    public enum Action: Sendable, Equatable {
        case send(PDU)
        case store(StoreRequest)
        /// Send, then close the connection (release response, rejection, abort).
        case sendAndClose(PDU)
    }

    public struct StoreRequest: Sendable, Equatable {
        public let contextID: UInt8
        public let messageID: UInt16
        public let sopClassUID: String
        public let sopInstanceUID: String
        public let transferSyntax: String
        public let callingAETitle: String
        public let dataSet: [UInt8]
    }

    private enum State: Sendable {
        case awaitingRequest
        case established(Established)
        case closed
    }

    private struct Established: Sendable {
        let callingAETitle: String
        let contexts: [UInt8: AssociationPolicy.AcceptedContext]
        /// Bytes of the command and data set being received, and the parsed command once complete.
        var commandBytes: [UInt8] = []
        var command: DIMSECommand?
        var commandContext: UInt8 = 0
        var dataSet: [UInt8] = []
    }

    private var state = State.awaitingRequest
    public let policy: AssociationPolicy
    /// Why the association ended, when it ended badly (for the log).
    public private(set) var failure: String?

    public init(policy: AssociationPolicy) { self.policy = policy }

    public var isEstablished: Bool {
        if case .established = state { return true }
        return false
    }

    public mutating func received(_ pdu: PDU) -> [Action] {
        switch (state, pdu) {
        case (.awaitingRequest, .associateRequest(let request)):
            switch policy.negotiate(request) {
            case let .accept(answer, contexts):
                state = .established(Established(callingAETitle: request.callingAETitle, contexts: contexts))
                return [.send(.associateAccept(answer))]
            case let .reject(result, source, reason, why):
                return close(.associateReject(result: result, source: source, reason: reason), why: "rejected: \(why)")
            }
        case (.established(var association), .data(let values)):
            var actions: [Action] = []
            for value in values {
                do {
                    if let action = try receive(value, into: &association) { actions.append(action) }
                } catch {
                    return abort(PDU.AbortReason.invalidParameter, why: error.description)
                }
            }
            state = .established(association)
            return actions
        case (.established, .releaseRequest):
            state = .closed
            return [.sendAndClose(.releaseResponse)]
        case (_, .abort):
            state = .closed
            failure = "the peer aborted"
            return []
        case (.closed, _):
            return []
        default:
            return abort(PDU.AbortReason.unexpectedPDU, why: "unexpected \(pdu.name) \(isEstablished ? "during" : "before") an association")
        }
    }

    /// A PDU that did not parse, or was larger than we accept.
    public mutating func malformed(_ why: String) -> [Action] {
        abort(PDU.AbortReason.invalidParameter, why: why)
    }

    /// ARTIM or idle timeout: no PDU arrived in time.
    public mutating func timedOut() -> [Action] {
        guard case .closed = state else { return abort(0, why: "timed out waiting for the peer") }
        return []
    }

    /// The C-STORE response for a finished store (status per PS3.4 B.2.3).
    public mutating func stored(_ request: StoreRequest, status: UInt16) -> [Action] {
        guard case .established = state else { return [] }
        var response = DIMSECommand(commandField: DIMSECommand.Field.cStoreResponse)
        response.messageIDBeingRespondedTo = request.messageID
        response.affectedSOPClassUID = request.sopClassUID
        response.affectedSOPInstanceUID = request.sopInstanceUID
        response.status = status
        return [.send(.data([.init(contextID: request.contextID, isCommand: true, isLast: true, bytes: response.encoded())]))]
    }

    private mutating func receive(_ value: PDU.PDV, into association: inout Established) throws(DIMSEError) -> Action? {
        guard let context = association.contexts[value.contextID] else {
            throw DIMSEError("a PDV on presentation context \(value.contextID), which was not accepted")
        }
        if value.isCommand {
            guard association.command == nil else { throw DIMSEError("a command fragment while a data set was due") }
            association.commandBytes += value.bytes
            association.commandContext = value.contextID
            guard value.isLast else { return nil }
            let command = try DIMSECommand.parse(association.commandBytes)
            association.commandBytes = []
            if command.hasDataSet {
                association.command = command
                return nil
            }
            return respond(to: command, context: value.contextID)
        }
        guard let command = association.command, value.contextID == association.commandContext else {
            throw DIMSEError("a data set fragment without its command")
        }
        guard association.dataSet.count + value.bytes.count <= policy.maximumInstanceBytes else {
            throw DIMSEError("a data set larger than \(policy.maximumInstanceBytes) bytes")
        }
        association.dataSet += value.bytes
        guard value.isLast else { return nil }
        defer {
            association.command = nil
            association.dataSet = []
        }
        guard command.commandField == DIMSECommand.Field.cStoreRequest,
              let messageID = command.messageID, let sopClass = command.affectedSOPClassUID,
              let instance = command.affectedSOPInstanceUID else {
            throw DIMSEError("a data set for command 0x\(String(command.commandField, radix: 16)), which is not a complete C-STORE")
        }
        return .store(StoreRequest(contextID: value.contextID, messageID: messageID, sopClassUID: sopClass,
                                   sopInstanceUID: instance, transferSyntax: context.transferSyntax,
                                   callingAETitle: association.callingAETitle, dataSet: association.dataSet))
    }

    /// Commands without a data set: C-ECHO is answered; anything else gets "unrecognized operation" (0x0211).
    private func respond(to command: DIMSECommand, context: UInt8) -> Action {
        var response = DIMSECommand(commandField: command.commandField | 0x8000)
        response.messageIDBeingRespondedTo = command.messageID
        response.affectedSOPClassUID = command.affectedSOPClassUID
        response.status = command.commandField == DIMSECommand.Field.cEchoRequest ? 0x0000 : 0x0211
        return .send(.data([.init(contextID: context, isCommand: true, isLast: true, bytes: response.encoded())]))
    }

    private mutating func close(_ pdu: PDU, why: String) -> [Action] {
        state = .closed
        failure = why
        return [.sendAndClose(pdu)]
    }

    /// Source 2: the service provider (this side's upper layer) aborts.
    private mutating func abort(_ reason: UInt8, why: String) -> [Action] {
        close(.abort(source: 2, reason: reason), why: why)
    }
}

extension PDU {
    var name: String {
        switch self {
        case .associateRequest: return "A-ASSOCIATE-RQ"
        case .associateAccept: return "A-ASSOCIATE-AC"
        case .associateReject: return "A-ASSOCIATE-RJ"
        case .data: return "P-DATA-TF"
        case .releaseRequest: return "A-RELEASE-RQ"
        case .releaseResponse: return "A-RELEASE-RP"
        case .abort: return "A-ABORT"
        }
    }
}
