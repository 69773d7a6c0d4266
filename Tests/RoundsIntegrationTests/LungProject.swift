import Catalog
import Foundation
import Imaging
import Logging
import PostgresNIO
import SafeTensors
import TensorStore
import TestSupport
import XCTest

/// A small real project: chest X-rays and their radiologist lung masks from shared/data/cxr-lungs, shrunk to
/// a 64×64 working grid and recorded through the catalog as ingest would.
struct LungProject {
    static let side = 64
    let id: String
    let scans: [UUID]
    /// Store path of each scan's label, in `scans` order.
    let labelPaths: [String]

    static var dataDirectory: String { TestPaths.shared + "/data/cxr-lungs" }

    /// A tiny U-Net that trains in well under a second per epoch on two cores.
    static func configuration(epochs: Int = 3, strategy: ActiveLearningStrategyName = .entropyDiversity, batch: Int = 3) -> ProjectConfiguration {
        var configuration = ProjectConfiguration()
        configuration.workingSize = side
        configuration.labels = [0, 1, 2]
        configuration.binary = true
        configuration.training.side = side
        configuration.training.baseChannels = 4
        configuration.training.depth = 3
        configuration.training.epochs = epochs
        configuration.training.batchSize = 4
        configuration.training.patience = epochs
        configuration.training.dropout = 0.1
        configuration.activeLearning.strategy = strategy
        configuration.activeLearning.batchSize = batch
        return configuration
    }

    /// Records `count` scans (the last `test` of them in the test split) and stores their masks, unlabelled.
    static func create(_ id: String, count: Int, test: Int = 0, configuration: ProjectConfiguration, catalog: Catalog,
                       store: TensorStore) async throws -> LungProject {
        try await catalog.createProject(id, configuration: configuration)
        var scans: [UUID] = [], labels: [String] = []
        for index in 1...count {
            let name = String(format: "%03d.png", index)
            let image = try shrink(PNGDecoder.decode(path: "\(dataDirectory)/images/\(name)"), average: true)
            let mask = try shrink(PNGDecoder.decode(path: "\(dataDirectory)/masks/\(name)"), average: false)
            var imageFile = SafeTensorsWriter()
            imageFile.add("image", floats: image.map { Float($0) / 255 }, shape: [side, side])
            var maskFile = SafeTensorsWriter()
            maskFile.add("mask", uint8: mask, shape: [side, side])
            let imagePath = try store.put(imageFile)
            let inserted = try await catalog.insertScan(NewScan(
                projectID: id, modality: "CR", workingShape: [side, side], originalShape: [side, side], spacing: nil,
                geometryJSON: geometryJSON, sourceKind: "file", sourceRef: "cxr-lungs/images/\(name)", contentHash: imagePath,
                tensorPath: imagePath, split: index > count - test ? "test" : "pool"))
            scans.append(inserted.id)
            labels.append(try store.put(maskFile))
        }
        return LungProject(id: id, scans: scans, labelPaths: labels)
    }

    /// The geometry ingest records for a file already on the working grid (what pre-annotations map back with).
    static let geometryJSON = """
        {"originalWidth": \(side), "originalHeight": \(side), "depth": 1, "workingWidth": \(side), "workingHeight": \(side),
         "scaleX": 1, "scaleY": 1, "clipLow": 0, "clipHigh": 1}
        """

    func label(_ index: Int, catalog: Catalog) async throws {
        try await catalog.insertLabel(scan: scans[index], tensorPath: labelPaths[index], originalTensorPath: nil,
                                      sourceRef: "cxr-lungs/masks/\(index + 1)")
    }

    /// Opens round 0 with `picks` on a crafted 2-D map (`coordinates` per scan, in `scans` order).
    func openRoundZero(picks: [Int], coordinates: [(Double, Double)], catalog: Catalog) async throws {
        let points = zip(scans, coordinates).map { MapPoint(scanID: $0, x: $1.0, y: $1.1, cluster: 0) }
        try await catalog.recordColdStart(
            project: id,
            run: ClusterRun(encoder: "test", weightsChecksum: "none", space: "map", k: 1, silhouetteCurveJSON: "[]",
                            points: points),
            strategy: "paper", picks: picks.map { SelectionEntry(scanID: scans[$0], score: nil, reason: "test pick", cluster: 0) })
    }

    /// Box-averages (images) or nearest-samples (masks) the first channel down to side × side.
    private static func shrink(_ png: PNGImage, average: Bool) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: side * side)
        for y in 0..<side {
            for x in 0..<side {
                let (y0, y1) = (y * png.height / side, max(y * png.height / side + 1, (y + 1) * png.height / side))
                let (x0, x1) = (x * png.width / side, max(x * png.width / side + 1, (x + 1) * png.width / side))
                if !average {
                    out[y * side + x] = UInt8(png.sample(x: (x0 + x1) / 2, y: (y0 + y1) / 2))
                    continue
                }
                var sum = 0
                for sy in y0..<y1 { for sx in x0..<x1 { sum += png.sample(x: sx, y: sy) } }
                out[y * side + x] = UInt8(sum * 255 / ((y1 - y0) * (x1 - x0) * png.maxValue))
            }
        }
        return out
    }
}
