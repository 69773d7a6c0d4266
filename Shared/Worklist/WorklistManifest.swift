import Foundation

/// `worklist.json`: which project and round a worklist folder holds, and each pick's file stem, so that masks saved
/// back into the folder find their scan without anyone typing an id.
public struct WorklistManifest: Codable, Sendable, Equatable {
    public struct Pick: Codable, Sendable, Equatable {
        public let rank: Int
        public let scan: UUID
        /// `NN-<scan id>`: every file of the pick starts with it (image, pre-annotation, the annotator's mask).
        public let stem: String
        public let image: String
        public let preAnnotation: String?
    }

    public static let fileName = "worklist.json"
    public static let labelsFolder = "labels"

    public let project: String
    public let round: Int
    public let picks: [Pick]

    /// The pick a mask file in `labels/` belongs to: the one whose stem starts its name.
    public func pick(forMask name: String) -> Pick? {
        picks.first { name.hasPrefix($0.stem + ".") || name.hasPrefix($0.stem + "-") || name == $0.stem }
    }

    static func stem(rank: Int, scan: UUID) -> String {
        String(format: "%02d-", rank) + scan.uuidString.lowercased()
    }
}
