import Catalog
import Foundation
import Logging

/// Accepts STOW-RS requests: each multipart part goes through `InstanceReception` (checked, handed to the drop
/// folder under `<inbox>/<project>/stow/`, or quarantined with its reason), and the answers become the standard
/// per-instance response.
public struct STOWReceiver: Sendable {
    public let reception: InstanceReception
    public let logger: Logger

    public init(inbox: InboxLayout, logger: Logger) {
        reception = InstanceReception(inbox: inbox, door: .stow, logger: logger)
        self.logger = logger
    }

    /// Throws for a request that is not a STOW-RS request at all (bad content type, bad project id).
    public func store(body: [UInt8], contentType: String, project: String) throws -> STOWResponse {
        // The project names a folder: only a valid id may, never a path.
        guard project.range(of: "^[a-z0-9][a-z0-9_-]{0,62}$", options: .regularExpression) != nil else {
            throw CatalogError.invalidProjectID(project)
        }
        let parts = try Multipart.parts(body, contentType: contentType)
        var response = STOWResponse()
        for (index, part) in parts.enumerated() {
            response.instances.append(accept(part, name: "STOW part \(index + 1)", project: project))
        }
        logger.info("STOW-RS request", metadata: ["project": "\(project)", "instances": "\(parts.count)",
                                                   "status": "\(response.status)"])
        return response
    }

    private func accept(_ part: Multipart.Part, name: String, project: String) -> STOWResponse.Instance {
        let type = Multipart.mediaType(of: part.contentType)
        guard type.isEmpty || type == "application/dicom" else {
            return .init(sopClassUID: nil, sopInstanceUID: nil, failureReason: STOWResponse.Reason.cannotUnderstand)
        }
        switch reception.accept(part.body, name: name, project: project) {
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
