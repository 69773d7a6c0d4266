import Foundation
import Ingest
import NumericSupport

/// The experiment's scans: every manifest row with its ground-truth mask and its split. The test split is
/// the manifest's own when it marks one; otherwise a seeded draw, the same for every arm so that arms are
/// compared on identical test scans.
public struct ExperimentDataset: Sendable {
    public struct Entry: Sendable, Equatable {
        public let image: String
        public let mask: String
        public let split: String
    }

    public let entries: [Entry]
    public var pool: [Entry] { entries.filter { $0.split == "pool" } }
    public var test: [Entry] { entries.filter { $0.split == "test" } }

    public init(manifest: String, testCount: Int, testSeed: UInt64) throws {
        let rows = try CSVManifest.read(manifest)
        var entries = try rows.map { row throws(ExperimentError) -> Entry in
            guard let mask = row.mask else { throw .maskMissing(image: row.image) }
            return Entry(image: row.image, mask: mask, split: row.split)
        }
        if !entries.contains(where: { $0.split == "test" }) {
            guard testCount < entries.count else {
                throw ExperimentError.invalidPlan("test count \(testCount) leaves no pool among \(entries.count) scans")
            }
            var random = SeededRandom(seed: testSeed)
            let test = Set(entries.indices.shuffled(using: &random).prefix(testCount))
            entries = entries.enumerated().map { index, entry in
                Entry(image: entry.image, mask: entry.mask, split: test.contains(index) ? "test" : "pool")
            }
        }
        guard entries.contains(where: { $0.split == "pool" }) else {
            throw ExperimentError.invalidPlan("\(manifest) has no pool scans")
        }
        self.entries = entries
    }
}
