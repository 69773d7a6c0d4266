import Catalog
import Foundation
import SegmentationMetrics
import TensorStore
import Uncertainty

/// A model's segmentation quality on labelled scans (usually the project's `test` split): Dice, IoU, HD, HD95
/// and ASSD per foreground label. Distances are in millimetres when every scan has a spacing, else in pixels
/// of the working grid (one unit per summary: the library refuses to mix them).
public struct TestEvaluation: Sendable, Codable, Equatable {
    public struct Label: Sendable, Codable, Equatable {
        public let label: Int
        public let summary: MetricsSummary
    }

    public let cases: Int
    public let labels: [Label]

    /// Predicts every labelled scan with the weights at `checkpoint` and scores it against its label.
    public static func evaluate(checkpoint: String, specification: ModelSpecification,
                                labelled: [(scan: ScanRecord, label: LabelRecord)],
                                store: TensorStore) async throws -> TestEvaluation {
        let predictor = try await SegmentationPredictor.load(weightsAt: checkpoint, store: store, specification: specification)
        let withSpacing = labelled.allSatisfy { item in
            item.scan.spacing.map { $0.count == item.scan.workingShape.count && $0.allSatisfy { $0 > 0 } } ?? false
        }
        var cases: [MetricsCase] = []
        for item in labelled {
            try Task.checkCancellation()
            cases.append(try await Blocking.run {
                try metricsCase(item, predictor: predictor, specification: specification, millimetres: withSpacing,
                                store: store)
            })
        }
        let foreground = specification.classLabels.dropFirst().map { UInt8(clamping: $0) }
        let results = try await Blocking.run { [cases] in try BatchMetrics.evaluate(cases, labels: foreground) }
        let summaries = try MetricsSummary.perLabel(results)
        return TestEvaluation(cases: cases.count,
                              labels: zip(foreground, summaries).map { Label(label: Int($0), summary: $1) })
    }

    /// The round's model on the project's labelled `test` scans.
    public static func evaluateTestSplit(_ catalog: Catalog, project: String, round: Int,
                                         store: TensorStore) async throws -> TestEvaluation {
        let configuration = try await catalog.configuration(of: project)
        guard let checkpoint = try await catalog.modelCheckpoint(project: project, round: round, includingRound: true) else {
            throw RoundsError.noModel(project: project, round: round)
        }
        let test = Dictionary(uniqueKeysWithValues: try await catalog.scans(project: project, split: "test").map { ($0.id, $0) })
        let labelled = try await catalog.currentLabels(project: project).compactMap { label in
            test[label.scanID].map { (scan: $0, label: label) }
        }
        return try await evaluate(checkpoint: checkpoint, specification: try ModelSpecification(configuration),
                                  labelled: labelled, store: store)
    }

    private static func metricsCase(_ item: (scan: ScanRecord, label: LabelRecord), predictor: SegmentationPredictor,
                                    specification: ModelSpecification, millimetres: Bool,
                                    store: TensorStore) throws -> MetricsCase {
        let image = try store.readImage(item.scan.tensorPath)
        let mask = try store.readMask(item.label.tensorPath)
        guard mask.shape == image.shape else {
            throw RoundsError.shapeMismatch(scan: item.scan.id.uuidString, image: image.shape, mask: mask.shape)
        }
        let predicted = ScanUncertainty.predictedLabels(try predictor.predict(image).maps()).map { UInt8(clamping: $0) }
        let truth = try specification.classes(of: mask.labels, scan: item.scan.id.uuidString)
        let spacing = millimetres ? try Spacing.millimetres(item.scan.spacing ?? []) : Spacing.pixels(axes: image.shape.count)
        return MetricsCase(prediction: try LabelMap(shape: image.shape, labels: specification.labelValues(ofClasses: predicted)),
                           truth: try LabelMap(shape: image.shape, labels: specification.labelValues(ofClasses: truth)),
                           spacing: spacing)
    }
}
