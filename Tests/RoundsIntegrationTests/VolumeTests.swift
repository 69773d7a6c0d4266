import Catalog
import Engine
import Foundation
@testable import Rounds
import SafeTensors
import SegmentationMetrics
import TensorStore
import TestSupport
import Uncertainty
import XCTest

/// Volumes train slice by slice (or, with `training.dimensions` 3, as volumes) and come back as [D, H, W]
/// probability maps that score like 2-D ones.
final class VolumeTests: XCTestCase {
    func testVolumeTrainsPerSliceAndPredictsEverySlice() async throws {
        try await trainAndPredict(dimensions: 2)
    }

    /// The 3-D network: one sample per volume, a patch deeper than the volume (padded), sliding-window inference.
    func testVolumeTrainsAsAVolumeWithThe3DNetwork() async throws {
        try await trainAndPredict(dimensions: 3)
    }

    /// `training.dimensions` null: the 3-D network for volumes every pooling can halve, else the slice network.
    func testTheTrainerChoosesTheNetworkFromTheLabelledScans() throws {
        var configuration = LungProject.configuration(epochs: 1)
        configuration.training.depth = 4
        XCTAssertEqual(configuration.training.dimensions, 2, "the slice network unless asked")
        XCTAssertEqual(ModelSpecification.dimensions(for: configuration, workingShapes: [[35, 64, 64]]), 2)
        configuration.training.dimensions = nil
        let choose = { (shapes: [[Int]]) in ModelSpecification.dimensions(for: configuration, workingShapes: shapes) }
        XCTAssertEqual(choose([[35, 64, 64], [8, 64, 64]]), 3)
        XCTAssertEqual(choose([[35, 64, 64], [7, 64, 64]]), 2, "a volume too thin for three poolings")
        XCTAssertEqual(choose([[1, 64, 64]]), 2, "a plane")
        XCTAssertEqual(choose([[64, 64]]), 2)
        XCTAssertEqual(choose([[35, 64, 64], [1, 64, 64]]), 2, "a pool of volumes and planes")
        configuration.activeLearning.strategy = .badge
        XCTAssertEqual(choose([[35, 64, 64]]), 2, "BADGE's embedding needs the slice network")
        configuration.training.dimensions = 3
        XCTAssertEqual(choose([[1, 64, 64]]), 3, "a setting is obeyed")
        configuration.training.dimensions = 4
        XCTAssertThrowsError(try ModelSpecification(configuration)) { XCTAssert("\($0)".contains("training.dimensions"), "\($0)") }
    }

    private func trainAndPredict(dimensions: Int) async throws {
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try temporaryStore()
        let configuration = {
            var configuration = LungProject.configuration(epochs: 1)
            configuration.training.dimensions = dimensions
            configuration.training.patchDepth = 4
            return configuration
        }()
        let specification = try ModelSpecification(configuration)
        let depth = 3, side = LungProject.side
        let (volume, labelled) = try await withClient(url) { client, logger in
            try await client.withCatalog(logger: logger) { catalog in
                // Three X-rays stacked as the slices of one volume, their masks likewise.
                let project = try await LungProject.create("volume", count: depth, configuration: configuration,
                                                           catalog: catalog, store: store)
                var image = SafeTensorsWriter(), mask = SafeTensorsWriter()
                var images: [Float] = [], masks: [UInt8] = []
                for scan in try await catalog.scans(project: "volume") {
                    images += try store.read(scan.tensorPath).floats("image")
                }
                for path in project.labelPaths { masks += try store.read(path).uint8("mask") }
                image.add("image", floats: images, shape: [depth, side, side])
                mask.add("mask", uint8: masks, shape: [depth, side, side])
                let imagePath = try store.put(image)
                let volume = try await catalog.insertScan(NewScan(
                    projectID: "volume", modality: "CT", workingShape: [depth, side, side], originalShape: [depth, side, side],
                    spacing: [2, 1, 1], geometryJSON: "{}", sourceKind: "file", sourceRef: "stack", contentHash: imagePath,
                    tensorPath: imagePath)).id
                try await catalog.insertLabel(scan: volume, tensorPath: try store.put(mask), originalTensorPath: nil,
                                              sourceRef: "stack-mask")
                let record = try await catalog.scan(volume)
                let labels = try await catalog.currentLabels(project: "volume")
                let label = try XCTUnwrap(labels.first { $0.scanID == volume })
                return (record, [(scan: record, label: label)])
            }
        }
        let samples = try TrainingSamples.load(labelled, specification: specification, store: store)
        XCTAssertEqual(samples.count, dimensions == 3 ? 1 : depth, "one sample per slice, or per volume in 3-D")

        let trained = try await TrainingRun(specification: specification, samples: samples, store: store,
                                            location: CheckpointLocation(project: "volume", round: 0), warmStart: nil).run()
        let weights = try store.put(bytes: trained.weights)
        let predictor = try await SegmentationPredictor.load(weightsAt: weights, store: store, specification: specification)
        // A project that lets the trainer choose loads the model as the network it was trained as.
        var chosen = configuration
        chosen.training.dimensions = nil
        let adopted = try await SegmentationPredictor.load(weightsAt: weights, store: store,
                                                           specification: try ModelSpecification(chosen))
        XCTAssertEqual(adopted.specification.network.dimensions, dimensions)
        // The next round warm-starts from it only as the same network.
        let warmStart = try TrainingInputs.warmStart(weights, ifTrainedAs: dimensions, store: store)
        XCTAssertEqual(warmStart?.bytes, trained.weights)
        XCTAssertNil(try TrainingInputs.warmStart(weights, ifTrainedAs: 5 - dimensions, store: store))
        let passes = 2
        let prediction = try predictor.predict(try store.readImage(volume.tensorPath), passes: passes, seed: 1)
        XCTAssertEqual(prediction.shape, [depth, side, side])
        XCTAssertEqual(prediction.values.count, passes * depth * side * side)
        XCTAssert(prediction.values.allSatisfy { (0...1).contains($0) })

        var active = configuration.activeLearning
        active.passes = passes
        active.measure = .bald
        let score = try ScanScore.score(prediction, settings: try UncertaintySettings(active))
        XCTAssertEqual(score.pixels, depth * side * side)
        XCTAssertEqual(score.uncertainty, try XCTUnwrap(score.bald))
        XCTAssert(score.entropy >= score.uncertainty, "mutual information never exceeds the predictive entropy")
        XCTAssertNil(score.wholeImageEntropy, "the whole volume is the region scored")
        // The predicted structure's neighbourhood: fewer voxels, the whole volume's entropy kept beside it.
        active.foregroundMargin = 2
        let near = try ScanScore.score(prediction, settings: try UncertaintySettings(active))
        XCTAssertEqual(near.wholeImageEntropy ?? .nan, score.entropy, accuracy: 1e-12)
        let foreground = ScanUncertainty.predictedLabels(try prediction.maps()).filter { $0 != 0 }.count
        if near.region == "foreground-neighbourhood" {
            XCTAssert((foreground...(depth * side * side)).contains(near.pixels), "\(near.pixels) voxels, \(foreground) predicted")
        } else {
            XCTAssertEqual(foreground, 0)
            XCTAssertEqual(near.pixels, depth * side * side, "no predicted foreground: the whole volume instead")
        }
        active.boundaryBand = 1
        XCTAssertThrowsError(try UncertaintySettings(active)) { XCTAssert("\($0)".contains("foregroundMargin"), "\($0)") }
        if dimensions == 3 {
            XCTAssertThrowsError(try predictor.predict(try store.readImage(volume.tensorPath), gradientEmbedding: true),
                                 "BADGE's embedding needs the 2-D network") { error in
                XCTAssert("\(error)".contains("badge"), "\(error)")
            }
            XCTAssertThrowsError(try predictor.predict(try store.readImage(volume.tensorPath), taskFeatures: true)) { error in
                XCTAssert("\(error)".contains("activeLearning.space"), "\(error)")
            }
        } else {
            // Task-aware diversity: the decoder's last features averaged over the image, then over the predicted
            // foreground (zeros where there is none), the same for a labelled scan as for a scored one.
            let scoring = PoolScoring(predictor: predictor, settings: try UncertaintySettings(configuration.activeLearning), store: store,
                                      gradients: false, features: true)
            let scored = try await scoring.score([volume])
            let features = try XCTUnwrap(scored.first?.features)
            XCTAssertEqual(features.count, 2 * specification.network.baseChannels)
            XCTAssert(features.allSatisfy(\.isFinite))
            let anchor = try await scoring.features(of: [volume])
            XCTAssertEqual(anchor.first?.vector.count, features.count)
        }

        // The volume has a spacing, so its surface distances come out in millimetres.
        let evaluation = try await TestEvaluation.evaluate(checkpoint: weights, specification: specification,
                                                           labelled: labelled, store: store)
        XCTAssertEqual(evaluation.cases, 1)
        XCTAssertEqual(evaluation.labels.first?.summary.unit, .millimetre)
    }
}
