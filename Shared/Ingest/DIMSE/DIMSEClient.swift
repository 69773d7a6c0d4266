import Foundation
import Imaging
import NIOCore
import NIOPosix

/// ScanSelect as a DIMSE service user (SCU): C-FIND of a study's patient and study attributes and C-STORE of
/// instances, each over an association of its own, so that write-back reaches a PACS that speaks no DICOMweb.
public struct DIMSEClient: Sendable {
    public static let studyRootFind = "1.2.840.10008.5.1.4.1.2.2.1"
    static let explicitLittleEndian = "1.2.840.10008.1.2.1"

    public let peer: DIMSEPeer
    public let callingAETitle: String
    /// Longest silence between PDUs before the association is given up.
    public var timeoutSeconds: Int64 = 60

    /// ScanSelect's AE title (`DIMSE_AE_TITLE`, else SCANSELECT): the storage SCP's, and the one it calls peers as.
    public static func ownAETitle(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["DIMSE_AE_TITLE"].flatMap { $0.isEmpty ? nil : $0 } ?? "SCANSELECT"
    }

    public init(peer: DIMSEPeer, callingAETitle: String) {
        self.peer = peer
        self.callingAETitle = callingAETitle
    }

    /// The study's patient and study attributes as the PACS holds them, nil if it has no such study.
    public func studyContext(_ studyInstanceUID: String) async throws -> DICOMSegmentation.Context? {
        try await associate(abstractSyntax: Self.studyRootFind) { association in
            var command = DIMSECommand(commandField: DIMSECommand.Field.cFindRequest)
            command.messageID = 1
            command.affectedSOPClassUID = Self.studyRootFind
            command.priority = 0
            command.dataSetType = 0x0000
            try await association.send(command, dataSet: DICOMStudyQuery.identifier(studyInstanceUID: studyInstanceUID))
            var found: DICOMSegmentation.Context?
            while true {
                let (response, identifier) = try await association.receive()
                guard response.commandField == DIMSECommand.Field.cFindResponse, let status = response.status else {
                    throw DIMSEError("C-FIND answered with command 0x\(String(response.commandField, radix: 16)), not C-FIND-RSP")
                }
                switch status {
                case 0xFF00, 0xFF01:
                    if found == nil, let identifier {
                        found = try DICOMStudyQuery.context(fromIdentifier: identifier, source: "C-FIND response from \(peer)")
                    }
                case 0x0000:
                    return found
                default:
                    throw DIMSEError("C-FIND of study \(studyInstanceUID) failed on \(peer) with status 0x\(String(status, radix: 16))")
                }
            }
        }
    }

    /// Sends Part-10 files of one SOP class (Explicit VR Little Endian, as ScanSelect writes them); returns the SOP
    /// Instance UIDs the peer did not store, each with its status.
    public func store(_ files: [(sopInstanceUID: String, bytes: [UInt8])], sopClassUID: String) async throws -> [String: String] {
        try await associate(abstractSyntax: sopClassUID) { association in
            var failed: [String: String] = [:]
            for (index, file) in files.enumerated() {
                var command = DIMSECommand(commandField: DIMSECommand.Field.cStoreRequest)
                command.messageID = UInt16(truncatingIfNeeded: index + 1)
                command.affectedSOPClassUID = sopClassUID
                command.affectedSOPInstanceUID = file.sopInstanceUID
                command.priority = 0
                command.dataSetType = 0x0000
                try await association.send(command, dataSet: try Self.dataSet(ofPart10: file.bytes, source: file.sopInstanceUID))
                let (response, _) = try await association.receive()
                guard response.commandField == DIMSECommand.Field.cStoreResponse, let status = response.status else {
                    throw DIMSEError("C-STORE answered with command 0x\(String(response.commandField, radix: 16)), not C-STORE-RSP")
                }
                // 0000 success, Bxxx warnings (coerced, elements discarded): stored either way (PS3.4 B.2.3).
                if status != 0x0000, status & 0xF000 != 0xB000 {
                    failed[file.sopInstanceUID] = "C-STORE status 0x\(String(status, radix: 16, uppercase: true)) from \(peer)"
                }
            }
            return failed
        }
    }

    /// The data set after a Part-10 file's preamble and meta group (whose group length says where it ends).
    static func dataSet(ofPart10 bytes: [UInt8], source: String) throws(DIMSEError) -> [UInt8] {
        guard bytes.count >= 144, Array(bytes[128..<132]) == Array("DICM".utf8),
              bytes[132..<136].elementsEqual([0x02, 0x00, 0x00, 0x00]) else {
            throw DIMSEError("\(source) is not a Part-10 file with a meta group length")
        }
        let length = (0..<4).reduce(0) { $0 | Int(bytes[140 + $1]) << (8 * $1) }
        guard length <= bytes.count - 144 else { throw DIMSEError("\(source): meta group length \(length) runs past the file") }
        return Array(bytes[(144 + length)...])
    }

    /// Explicit VR Little Endian only: what ScanSelect writes (SEGs, the C-FIND identifier); every current PACS
    /// accepts it, and one that does not refuses the context with a clear message.
    private func associate<T: Sendable>(abstractSyntax: String, _ body: (ClientAssociation) async throws -> T) async throws -> T {
        let (peer, timeout) = (self.peer, self.timeoutSeconds)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(timeout))
            .connect(host: peer.host, port: peer.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DIMSETimeoutHandler(artim: .seconds(timeout), idle: .seconds(timeout)))
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(PDUFrameDecoder(maximumLength: ClientAssociation.receiveLimit)))
                    return try NIOAsyncChannel<PDUFrame, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var request = AssociateRequest(calledAETitle: peer.aeTitle, callingAETitle: callingAETitle,
                                           presentationContexts: [.init(id: 1, abstractSyntax: abstractSyntax,
                                                                        transferSyntaxes: [Self.explicitLittleEndian])])
            request.maximumLength = UInt32(ClientAssociation.receiveLimit)
            request.implementationClassUID = DICOMPart10Writer.implementationClassUID
            request.implementationVersionName = DICOMPart10Writer.implementationVersionName
            let association = ClientAssociation(inbound: inbound.makeAsyncIterator(), outbound: outbound, peer: peer, timeout: timeout)
            try await association.open(request)
            let result = try await body(association)
            try await association.release()
            return result
        }
    }
}
