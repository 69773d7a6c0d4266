import Catalog
import Foundation
import Imaging
import Logging

/// Accepts STOW-RS instances: each part is checked to be a DICOM image this service can decode, then
/// handed to the drop folder (`<inbox>/<project>/stow/<SOPInstanceUID>.dcm`, written under a hidden name
/// and renamed, so the watcher never sees half a file). Going through the inbox gives received instances
/// the same series grouping, claiming and quarantine as dropped files, and the request returns once the
/// instance is durably on disk, as STOW-RS promises. A refused instance is not lost either: its bytes go to
/// `<inbox>/failed/<project>/stow/<random>.dcm` with the reason beside it (`….error.txt`), as a dropped file that
/// fails does, so it can be decoded later (a codec added, a class allowed) by moving it back into the inbox.
public struct STOWReceiver: Sendable {
    public let inbox: InboxLayout
    public let logger: Logger

    public init(inbox: InboxLayout, logger: Logger) {
        self.inbox = inbox
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
        // Header first: a refusal names the instance (when its UIDs are UIDs), and a non-image object is refused
        // for what it is before its pixels are looked at.
        let found = try? DICOMReader.readHeader(part.body, source: name)
        let sopClass = found?.sopClassUID.flatMap { DICOMUID.isValid($0) ? $0 : nil }
        let instance = found?.sopInstanceUID.flatMap { DICOMUID.isValid($0) ? $0 : nil }
        func refuse(_ reason: UInt16, _ why: String) -> STOWResponse.Instance {
            let kept = quarantine(part.body, project: project,
                                  reason: "\(name) refused (STOW-RS failure reason \(reason)): \(why)\n"
                                      + "SOP Class UID: \(sopClass ?? "-")\nSOP Instance UID: \(instance ?? "-")")
            logger.warning("STOW-RS instance refused", metadata: ["part": "\(name)", "reason": "\(why)",
                                                                   "sop_class_uid": "\(sopClass ?? "-")",
                                                                   "sop_instance_uid": "\(instance ?? "-")",
                                                                   "quarantined": "\(kept ?? "no: could not write")"])
            return .init(sopClassUID: sopClass, sopInstanceUID: instance, failureReason: reason)
        }
        if let sopClass, let kind = DICOMSOPClass.nonImageKind(sopClass) {
            return refuse(STOWResponse.Reason.sopClassNotSupported, "not an image to annotate: \(kind)")
        }
        let header: DICOMHeader
        do {
            header = try DICOMReader.read(part.body, source: name).header
        } catch .unsupportedTransferSyntax(_, let uid, let syntax) {
            return refuse(STOWResponse.Reason.transferSyntaxNotSupported, "transfer syntax \(uid) (\(syntax)) is not decoded")
        } catch {
            return refuse(STOWResponse.Reason.cannotUnderstand, "\(error)")
        }
        guard let uid = header.sopInstanceUID, DICOMUID.isValid(uid) else {
            return refuse(STOWResponse.Reason.cannotUnderstand, "SOP Instance UID missing or not a UID (PS3.5 §9.1)")
        }
        do {
            try write(part.body, to: "\(inbox.root)/\(project)/stow/\(uid).dcm")
            return .init(sopClassUID: header.sopClassUID, sopInstanceUID: uid, failureReason: nil)
        } catch {
            logger.error("STOW-RS instance not stored", metadata: ["sop_instance_uid": "\(uid)", "error": "\(error)"])
            return .init(sopClassUID: header.sopClassUID, sopInstanceUID: uid, failureReason: STOWResponse.Reason.outOfResources)
        }
    }

    /// Keeps refused bytes under a random name (never one derived from the instance's attributes) with the reason
    /// beside them; returns the path, or nil when even that could not be written (the refusal still stands).
    private func quarantine(_ bytes: [UInt8], project: String, reason: String) -> String? {
        let path = "\(inbox.failed)/\(project)/stow/\(UUID().uuidString.lowercased()).dcm"
        do {
            try write(bytes, to: path)
            try Data((reason + "\n").utf8).write(to: URL(fileURLWithPath: path + ".error.txt"), options: .atomic)
            return path
        } catch {
            logger.error("STOW-RS refused instance not quarantined", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private func write(_ bytes: [UInt8], to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = "\(folder)/.\(UUID().uuidString).part"
        try Data(bytes).write(to: URL(fileURLWithPath: temporary), options: .atomic)
        guard rename(temporary, path) == 0 else {
            throw IngestError.unreadable(file: path, reason: String(cString: strerror(errno)))
        }
    }
}
