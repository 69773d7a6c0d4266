import ArgumentParser
import Foundation
import Phantoms

/// Writes a synthetic chest X-ray pool with lung masks, laid out like the shared cxr-lungs set.
struct PhantomsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phantoms",
        abstract: "Generate seeded synthetic chest radiographs with lung masks (PA majority, minority styles).")
    @Argument(help: "Output folder (images/, masks/, manifest.csv).") var directory: String
    @Option(help: "Pool phantoms.") var pool = 60
    @Option(help: "Test phantoms.") var test = 20
    @Option(help: "Side in pixels.") var size = 128
    @Option(help: "Seed.") var seed: UInt64 = 0

    func run() async throws {
        let phantoms = try PhantomPool(poolCount: pool, testCount: test, size: size, seed: seed).generate()
        let manifest = try PhantomWriter.write(phantoms, to: directory)
        let counts = Dictionary(grouping: phantoms, by: \.style).mapValues(\.count)
        print("wrote \(phantoms.count) phantoms (\(pool) pool, \(test) test) and \(manifest)")
        print(AcquisitionStyle.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", "))
    }
}
