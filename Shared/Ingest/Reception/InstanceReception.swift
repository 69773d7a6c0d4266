import Foundation
import Imaging
import Logging

/// What happens to one DICOM instance a PACS sends, whichever network door it came through (STOW-RS or DIMSE
/// C-STORE): a readable DICOM SEG becomes a label (the drop folder's `labels/`); anything else is checked to be an
/// image this service decodes, then handed to the drop folder
/// (`<inbox>/<project>/<door>/<SOPInstanceUID>.dcm`, written under a hidden name and renamed, so the watcher never
/// sees half a file). Going through the inbox gives received instances the same series grouping, claiming and
/// quarantine as dropped files, and the sender is answered once the instance is durably on disk. A refused
/// instance is not lost either: its bytes go to `<inbox>/failed/<project>/<door>/<random>.dcm` with the reason and
/// its UIDs beside it (`….error.txt`), so it can be ingested later by moving it back into the inbox.
public struct InstanceReception: Sendable {
    public enum Door: String, CaseIterable, Sendable {
        case stow, dimse
    }

    public enum Refusal: String, CaseIterable, Sendable, Equatable {
        /// A SEG, RT object, SR …: not an image to annotate.
        case notAnImage
        case transferSyntaxNotDecoded
        /// Not DICOM, damaged, or without a usable SOP Instance UID.
        case cannotUnderstand
        /// It could not be written to the inbox.
        case outOfResources
    }

    public enum Outcome: Sendable, Equatable {
        case stored(sopClassUID: String?, sopInstanceUID: String)
        case refused(Refusal, why: String, sopClassUID: String?, sopInstanceUID: String?)
    }

    public let inbox: InboxLayout
    public let door: Door
    public let logger: Logger
    /// Bounds how many instances are decoded at once, across every door of the process.
    public let gate: DecodeGate

    public init(inbox: InboxLayout, door: Door, logger: Logger, gate: DecodeGate) {
        self.inbox = inbox
        self.door = door
        self.logger = logger
        self.gate = gate
    }

    /// `accept` through the decode gate, off the cooperative pool.
    public func receive(_ bytes: [UInt8], name: String, project: String) async -> Outcome {
        await gate.run { self.accept(bytes, name: name, project: project) }
    }

    /// An instance spooled to disk (a STOW-RS part), read only once the gate lets its decode start, so waiting
    /// instances take disk, not memory.
    public func receive(file path: String, name: String, project: String) async -> Outcome {
        await gate.run {
            do {
                return self.accept(try BudgetedFile.read(path), name: name, project: project)
            } catch {
                self.logger.error("spooled instance unreadable", metadata: ["door": "\(self.door.rawValue)", "from": "\(name)",
                                                                            "error": "\(error)"])
                return .refused(.outOfResources, why: "\(error)", sopClassUID: nil, sopInstanceUID: nil)
            }
        }
    }

    /// `name` says where the bytes came from in messages ("STOW part 3", "C-STORE from MODALITY1"); it is never a
    /// file name. `project` must already be a valid project id.
    public func accept(_ bytes: [UInt8], name: String, project: String) -> Outcome {
        IngestMetrics.received(bytes: bytes.count, door: door.rawValue)
        // Header first: a refusal names the instance (when its UIDs are UIDs), and a non-image object is refused
        // for what it is before its pixels are looked at.
        let found = try? DICOMReader.readHeader(bytes, source: name)
        let sopClass = found?.sopClassUID.flatMap { DICOMUID.isValid($0) ? $0 : nil }
        let instance = found?.sopInstanceUID.flatMap { DICOMUID.isValid($0) ? $0 : nil }
        func refuse(_ refusal: Refusal, _ why: String) -> Outcome {
            let kept = quarantine(bytes, project: project,
                                  reason: "\(name) refused (\(refusal)): \(why)\n"
                                      + "SOP Class UID: \(sopClass ?? "-")\nSOP Instance UID: \(instance ?? "-")")
            logger.warning("instance refused", metadata: ["door": "\(door.rawValue)", "from": "\(name)",
                                                          "reason": "\(why)", "sop_class_uid": "\(sopClass ?? "-")",
                                                          "sop_instance_uid": "\(instance ?? "-")",
                                                          "quarantined": "\(kept ?? "no: could not write")"])
            IngestMetrics.refused(door: door.rawValue, reason: refusal.rawValue, quarantined: kept != nil)
            return .refused(refusal, why: why, sopClassUID: sopClass, sopInstanceUID: instance)
        }
        // A readable SEG is an annotator's answer for a pool scan: it goes where the drop folder takes labels
        // (`<project>/labels/<door>/`), and the label import there matches it to its scan or quarantines it.
        if sopClass == DICOMSegmentation.sopClassUID, let instance, (try? DICOMSegmentationReader.read(bytes, source: name)) != nil {
            do {
                try write(bytes, to: "\(inbox.root)/\(project)/labels/\(door.rawValue)/\(instance).dcm")
                IngestMetrics.accepted(door: door.rawValue)
                return .stored(sopClassUID: sopClass, sopInstanceUID: instance)
            } catch {
                return refuse(.outOfResources, "\(error)")
            }
        }
        if let sopClass, let kind = DICOMSOPClass.nonImageKind(sopClass) {
            return refuse(.notAnImage, "not an image to annotate: \(kind)")
        }
        let header: DICOMHeader
        do {
            header = try DICOMReader.read(bytes, source: name).header
        } catch .unsupportedTransferSyntax(_, let uid, let syntax) {
            return refuse(.transferSyntaxNotDecoded, "transfer syntax \(uid) (\(syntax)) is not decoded")
        } catch {
            return refuse(.cannotUnderstand, "\(error)")
        }
        guard let uid = header.sopInstanceUID, DICOMUID.isValid(uid) else {
            return refuse(.cannotUnderstand, "SOP Instance UID missing or not a UID (PS3.5 §9.1)")
        }
        do {
            try write(bytes, to: "\(inbox.root)/\(project)/\(door.rawValue)/\(uid).dcm")
            IngestMetrics.accepted(door: door.rawValue)
            return .stored(sopClassUID: header.sopClassUID, sopInstanceUID: uid)
        } catch {
            logger.error("instance not stored", metadata: ["door": "\(door.rawValue)", "sop_instance_uid": "\(uid)",
                                                           "error": "\(error)"])
            IngestMetrics.refused(door: door.rawValue, reason: Refusal.outOfResources.rawValue, quarantined: false)
            return .refused(.outOfResources, why: "\(error)", sopClassUID: header.sopClassUID, sopInstanceUID: uid)
        }
    }

    /// Keeps refused bytes under a random name (never one derived from the instance's attributes) with the reason
    /// beside them; returns the path, or nil when even that could not be written (the refusal still stands).
    private func quarantine(_ bytes: [UInt8], project: String, reason: String) -> String? {
        let path = "\(inbox.failed)/\(project)/\(door.rawValue)/\(UUID().uuidString.lowercased()).dcm"
        do {
            try write(bytes, to: path)
            try Data((reason + "\n").utf8).write(to: URL(fileURLWithPath: path + ".error.txt"), options: .atomic)
            return path
        } catch {
            logger.error("refused instance not quarantined", metadata: ["door": "\(door.rawValue)", "error": "\(error)"])
            return nil
        }
    }

    private func write(_ bytes: [UInt8], to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try InboxLayout.makePrivateFolder(folder)
        let temporary = "\(folder)/.\(UUID().uuidString).part"
        try Data(bytes).write(to: URL(fileURLWithPath: temporary), options: .atomic)
        chmod(temporary, 0o600)
        guard rename(temporary, path) == 0 else {
            throw IngestError.unreadable(file: path, reason: String(cString: strerror(errno)))
        }
    }
}
