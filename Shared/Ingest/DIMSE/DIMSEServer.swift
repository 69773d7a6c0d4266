import Logging
import NIOCore
import NIOPosix

/// Where and how the storage SCP listens (`DIMSE_*` settings of the ingest-service).
public struct DIMSESettings: Sendable {
    public var host = "0.0.0.0"
    public var port: Int
    public var policy: AssociationPolicy
    /// The project every received instance joins.
    public var project: String
    /// Peer IP addresses allowed to connect; empty allows any.
    public var allowedPeers: Set<String> = []
    /// ARTIM: how long a connection may stay silent before its A-ASSOCIATE-RQ.
    public var artimSeconds: Int64 = 30
    /// How long an association may stay silent between PDUs.
    public var idleSeconds: Int64 = 120

    public init(port: Int, policy: AssociationPolicy, project: String) {
        self.port = port
        self.policy = policy
        self.project = project
    }
}

/// The ingest-service's DIMSE door: a C-STORE / C-ECHO SCP on swift-nio. Each association is a task of its own
/// (many at once); within one, PDUs are handled in order and a C-STORE is answered once the instance is in the
/// inbox (or quarantined), so the modality's status says what really happened.
public struct DIMSEServer: Sendable {
    public let settings: DIMSESettings
    public let reception: InstanceReception
    public let logger: Logger

    public init(settings: DIMSESettings, inbox: InboxLayout, logger: Logger, gate: DecodeGate) {
        self.settings = settings
        reception = InstanceReception(inbox: inbox, door: .dimse, logger: logger, gate: gate)
        self.logger = logger
    }

    public func run() async throws {
        let settings = settings
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DIMSETimeoutHandler(artim: .seconds(settings.artimSeconds),
                                                                                         idle: .seconds(settings.idleSeconds)))
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(PDUFrameDecoder(maximumLength: Int(settings.policy.maximumLength))))
                    return try NIOAsyncChannel<PDUFrame, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        logger.info("DIMSE storage SCP listening", metadata: ["port": "\(settings.port)", "ae_title": "\(settings.policy.aeTitle)"])
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask { await serve(connection) }
                }
            }
        }
    }

    private func serve(_ connection: NIOAsyncChannel<PDUFrame, ByteBuffer>) async {
        let peer = connection.channel.remoteAddress?.ipAddress ?? "unknown"
        guard settings.allowedPeers.isEmpty || settings.allowedPeers.contains(peer) else {
            logger.warning("DIMSE connection refused: peer address not allowed", metadata: ["peer": "\(peer)"])
            try? await connection.channel.close()
            return
        }
        var machine = AssociationStateMachine(policy: settings.policy)
        var stored = 0
        do {
            try await connection.executeThenClose { inbound, outbound in
                do {
                    for try await frame in inbound {
                        let actions: [AssociationStateMachine.Action]
                        do {
                            actions = machine.received(try PDU.parse(type: frame.type, body: frame.body))
                        } catch {
                            actions = machine.malformed("\(error)")
                        }
                        if try await perform(actions, &machine, outbound, stored: &stored) { return }
                    }
                } catch is DIMSETimeoutHandler.Expired {
                    _ = try? await perform(machine.timedOut(), &machine, outbound, stored: &stored)
                } catch let error as DIMSEError {
                    _ = try? await perform(machine.malformed(error.description), &machine, outbound, stored: &stored)
                }
            }
        } catch {
            // The peer went away mid-transfer: nothing of a half-received instance was written.
            logger.info("DIMSE connection ended", metadata: ["peer": "\(peer)", "error": "\(error)"])
        }
        logger.info("DIMSE association closed", metadata: ["peer": "\(peer)", "stored": "\(stored)",
                                                          "problem": "\(machine.failure ?? "none")"])
    }

    /// Performs actions in order; true once the connection is to be closed.
    private func perform(_ actions: [AssociationStateMachine.Action], _ machine: inout AssociationStateMachine,
                         _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, stored: inout Int) async throws -> Bool {
        var queue = actions[...]
        while let action = queue.popFirst() {
            switch action {
            case .send(let pdu):
                try await outbound.write(ByteBuffer(bytes: pdu.encoded()))
            case .sendAndClose(let pdu):
                try await outbound.write(ByteBuffer(bytes: pdu.encoded()))
                return true
            case .store(let request):
                let file = Part10Wrapper.wrap(request.dataSet, sopClassUID: request.sopClassUID,
                                              sopInstanceUID: request.sopInstanceUID, transferSyntax: request.transferSyntax,
                                              implementationClassUID: AssociationPolicy.implementationClassUID,
                                              implementationVersionName: AssociationPolicy.implementationVersionName)
                let outcome = await reception.receive(file, name: "C-STORE from \(request.callingAETitle)", project: settings.project)
                if case .stored = outcome { stored += 1 }
                queue += machine.stored(request, status: Self.status(outcome))
            }
        }
        return false
    }

    /// PS3.4 B.2.3 C-STORE statuses.
    static func status(_ outcome: InstanceReception.Outcome) -> UInt16 {
        switch outcome {
        case .stored: return 0x0000
        case .refused(.notAnImage, _, _, _): return 0x0122
        case .refused(.outOfResources, _, _, _): return 0xA700
        case .refused(.cannotUnderstand, _, _, _), .refused(.transferSyntaxNotDecoded, _, _, _): return 0xC000
        }
    }
}
