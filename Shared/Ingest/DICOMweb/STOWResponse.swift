import Foundation

/// The Store Instances response (PS3.18 10.5.3): per instance, a ReferencedSOPSequence item on success or a
/// FailedSOPSequence item with its FailureReason, as DICOM JSON.
public struct STOWResponse: Sendable {
    public struct Instance: Sendable {
        public let sopClassUID: String?
        public let sopInstanceUID: String?
        /// nil: stored; else a PS3.4 failure reason code.
        public let failureReason: UInt16?
    }

    /// PS3.4 Annex GG failure reasons used here.
    public enum Reason {
        public static let cannotUnderstand: UInt16 = 0xC000
        public static let transferSyntaxNotSupported: UInt16 = 0xC122
        /// Referenced SOP Class not supported: a SEG, RT object, SR … is not an image to annotate.
        public static let sopClassNotSupported: UInt16 = 0x0122
        public static let processingFailure: UInt16 = 0x0110
        public static let outOfResources: UInt16 = 0xA700
    }

    public var instances: [Instance] = []

    /// 200 all stored, 202 some failed, 409 none stored.
    public var status: Int {
        let failed = instances.filter { $0.failureReason != nil }.count
        return failed == 0 && !instances.isEmpty ? 200 : failed < instances.count ? 202 : 409
    }

    public var json: String {
        func item(_ instance: Instance) -> [String: Any] {
            var item: [String: Any] = [:]
            if let uid = instance.sopClassUID { item["00081150"] = ["vr": "UI", "Value": [uid]] }
            if let uid = instance.sopInstanceUID { item["00081155"] = ["vr": "UI", "Value": [uid]] }
            if let reason = instance.failureReason { item["00081197"] = ["vr": "US", "Value": [Int(reason)]] }
            return item
        }
        var dataset: [String: Any] = [:]
        let stored = instances.filter { $0.failureReason == nil }.map(item)
        let failed = instances.filter { $0.failureReason != nil }.map(item)
        if !stored.isEmpty { dataset["00081199"] = ["vr": "SQ", "Value": stored] }
        if !failed.isEmpty { dataset["00081198"] = ["vr": "SQ", "Value": failed] }
        let data = (try? JSONSerialization.data(withJSONObject: dataset, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
