import Catalog
import Foundation
import Logging

/// Accepts STOW-RS requests: each multipart part goes through `InstanceReception` (checked, handed to the drop
/// folder under `<inbox>/<project>/stow/`, or quarantined with its reason), and the answers become the standard
/// per-instance response.
public struct STOWReceiver: Sendable {
    public let reception: InstanceReception
    public let logger: Logger

    public init(inbox: InboxLayout, logger: Logger, gate: DecodeGate) {
        reception = InstanceReception(inbox: inbox, door: .stow, logger: logger, gate: gate)
        self.logger = logger
        PartSpool.sweep(inbox)
    }

    /// The project names a folder: only a valid id may, never a path.
    public static func validate(project: String) throws(CatalogError) {
        guard project.range(of: "^[a-z0-9][a-z0-9_-]{0,62}$", options: .regularExpression) != nil else {
            throw .invalidProjectID(project)
        }
    }

    /// The parts of one request, spooled (`PartSpool`), decoded through the gate and answered in their order.
    public func store(_ parts: [PartSpool.Part], project: String) async -> STOWResponse {
        let numbered = Array(parts.enumerated())
        let instances = await Bounded.map(numbered, limit: reception.gate.limit) { index, part in
            await self.accept(part, name: "STOW part \(index + 1)", project: project)
        }
        let response = STOWResponse(instances: instances)
        logger.info("STOW-RS request", metadata: ["project": "\(project)", "instances": "\(parts.count)",
                                                   "status": "\(response.status)"])
        return response
    }

    private func accept(_ part: PartSpool.Part, name: String, project: String) async -> STOWResponse.Instance {
        let type = Multipart.mediaType(of: part.contentType)
        guard type.isEmpty || type == "application/dicom" else {
            return .init(sopClassUID: nil, sopInstanceUID: nil, failureReason: STOWResponse.Reason.cannotUnderstand)
        }
        switch await reception.receive(file: part.path, name: name, project: project) {
        case let .stored(sopClass, instance):
            return .init(sopClassUID: sopClass, sopInstanceUID: instance, failureReason: nil)
        case let .refused(refusal, _, sopClass, instance):
            let reason: UInt16
            switch refusal {
            case .notAnImage: reason = STOWResponse.Reason.sopClassNotSupported
            case .transferSyntaxNotDecoded: reason = STOWResponse.Reason.transferSyntaxNotSupported
            case .cannotUnderstand: reason = STOWResponse.Reason.cannotUnderstand
            case .outOfResources: reason = STOWResponse.Reason.outOfResources
            }
            return .init(sopClassUID: sopClass, sopInstanceUID: instance, failureReason: reason)
        }
    }
}
