import Foundation
import Imaging

/// What sending derived objects (SEGs) back to the origin server needs: the study's patient and study attributes
/// (QIDO-RS), which the catalog never keeps, and STOW-RS.
extension DICOMwebClient {
    /// The outcome of one STOW-RS request, per SOP Instance UID.
    public struct StoreOutcome: Sendable, Equatable {
        public let stored: [String]
        /// SOP Instance UID → why the server refused it.
        public let failed: [String: String]
    }

    /// The study's patient and study attributes as the server has them; nil when the server does not hold the study.
    public func segmentationContext(study: String) async throws -> DICOMSegmentation.Context? {
        let fields = ["00100010", "00100020", "00100030", "00100040", "00080020", "00080030", "00200010", "00080050",
                      "00080090"]
        let query = "/studies?StudyInstanceUID=\(Self.escape(study))&" + fields.map { "includefield=\($0)" }.joined(separator: "&")
        guard let found = try await searchResults(query).first else { return nil }
        var context = DICOMSegmentation.Context()
        context.patientName = Self.personName(found, "00100010") ?? ""
        context.patientID = Self.string(found, "00100020") ?? ""
        context.patientBirthDate = Self.string(found, "00100030") ?? ""
        context.patientSex = Self.string(found, "00100040") ?? ""
        context.studyDate = Self.string(found, "00080020") ?? ""
        context.studyTime = Self.string(found, "00080030") ?? ""
        context.studyID = Self.string(found, "00200010") ?? ""
        context.accessionNumber = Self.string(found, "00080050") ?? ""
        context.referringPhysicianName = Self.personName(found, "00080090") ?? ""
        return context
    }

    /// STOW-RS of Part-10 files into `study`. 200 stores all; 202 and 409 name the refused instances in the
    /// FailedSOPSequence; any other answer refuses every instance with the server's words.
    public func store(_ files: [(sopInstanceUID: String, bytes: [UInt8])], study: String) async throws -> StoreOutcome {
        let path = "/studies/\(Self.escape(study))"
        guard let url = URL(string: base + path) else {
            throw IngestError.http(url: base + path, status: 0, reason: "not a valid URL; check --to")
        }
        let boundary = "scanselect-" + UUID().uuidString
        var headers = ["Content-Type": "multipart/related; type=\"application/dicom\"; boundary=\(boundary)",
                       "Accept": "application/dicom+json"]
        if let authorization { headers["Authorization"] = authorization }
        let response = try await HTTPExchange.send(url, method: "POST", headers: headers,
                                                   body: Multipart.body(files.map(\.bytes), boundary: boundary))
        let uids = files.map(\.sopInstanceUID)
        if response.status == 200 { return StoreOutcome(stored: uids, failed: [:]) }
        let answer = String(decoding: response.body.prefix(2048), as: UTF8.self)
        guard [202, 409].contains(response.status),
              let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            let reason = "HTTP \(response.status): \(answer)"
            return StoreOutcome(stored: [], failed: Dictionary(uniqueKeysWithValues: uids.map { ($0, reason) }))
        }
        let failures = ((object["00081198"] as? [String: Any])?["Value"] as? [[String: Any]]) ?? []
        var failed: [String: String] = [:]
        for item in failures {
            guard let uid = Self.string(item, "00081155") else { continue }
            let code = ((item["00081197"] as? [String: Any])?["Value"] as? [Any])?.first.map { "\($0)" } ?? "unknown"
            failed[uid] = "refused by the server (failure reason \(code))"
        }
        return StoreOutcome(stored: uids.filter { failed[$0] == nil }, failed: failed)
    }

    static func personName(_ object: [String: Any], _ tag: String) -> String? {
        (((object[tag] as? [String: Any])?["Value"] as? [Any])?.first as? [String: Any])?["Alphabetic"] as? String
    }
}
