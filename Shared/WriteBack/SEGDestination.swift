import Imaging
import Ingest

/// Where a round's SEGs go: a DICOMweb root (QIDO-RS for the study, STOW-RS) or a DIMSE peer (C-FIND, C-STORE).
public protocol SEGDestination: Sendable {
    /// How `exports` records it: the URL or `dimse://AE@host:port`, never credentials.
    var name: String { get }
    /// The study's patient and study attributes as the PACS holds them; nil when it has no such study.
    func studyContext(_ study: String) async throws -> DICOMSegmentation.Context?
    /// Stores Part-10 SEGs of one study; returns the SOP Instance UIDs not stored, each with the PACS's reason.
    func send(_ files: [(sopInstanceUID: String, bytes: [UInt8])], study: String) async throws -> [String: String]
}

extension DICOMwebClient: SEGDestination {
    public var name: String { base }

    public func studyContext(_ study: String) async throws -> DICOMSegmentation.Context? {
        try await segmentationContext(study: study)
    }

    public func send(_ files: [(sopInstanceUID: String, bytes: [UInt8])], study: String) async throws -> [String: String] {
        try await store(files, study: study).failed
    }
}

extension DIMSEClient: SEGDestination {
    public var name: String { peer.description }

    public func send(_ files: [(sopInstanceUID: String, bytes: [UInt8])], study: String) async throws -> [String: String] {
        try await store(files, sopClassUID: DICOMSegmentation.sopClassUID)
    }
}

/// A destination as `--to` and export jobs name it: `dimse://AE@host:port` (or `AE@host:port` with `dimse`),
/// else a DICOMweb root URL.
public enum SEGDestinations {
    public static func make(_ text: String, credentials: DICOMwebCredentials, callingAETitle: String) throws(ExportDestinationError) -> any SEGDestination {
        if text.hasPrefix(DIMSEPeer.scheme) {
            guard let peer = DIMSEPeer(parsing: text) else { throw .malformed(text) }
            return DIMSEClient(peer: peer, callingAETitle: callingAETitle)
        }
        guard text.hasPrefix("http://") || text.hasPrefix("https://") else { throw .malformed(text) }
        return DICOMwebClient(base: text, credentials: credentials)
    }
}

public struct ExportDestinationError: Error, CustomStringConvertible, Equatable {
    let text: String
    static func malformed(_ text: String) -> ExportDestinationError { ExportDestinationError(text: text) }
    public var description: String {
        "'\(text)' is not an export destination: give a DICOMweb root (http://pacs:8042/dicom-web) or dimse://AE@host:port"
    }
}
