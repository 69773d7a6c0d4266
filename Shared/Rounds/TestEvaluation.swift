import Catalog
import Foundation
import SegmentationMetrics
import TensorStore
import Uncertainty

/// A model's segmentation quality on labelled scans (usually the project's `test` split): Dice, IoU, HD, HD95
/// and ASSD per foreground label, and for the union of the labels when there are several. Distances are in millimetres when every scan has a spacing, else in pixels
/// of the working grid (one unit per summary: the library refuses to mix them).
public struct TestEvaluation: Sendable, Codable, Equatable {
    public struct Label: Sendable, Codable, Equatable {
        public let label: Int
        public let summary: MetricsSummary
    }

    public let cases: Int
    public let labels: [Label]
    /// Every foreground label as one structure (e.g. the whole hippocampus, head and tail together); nil with a
    /// single foreground label, where it would repeat `labels`.
    public let union: MetricsSummary?

    /// A metric's mean over the foreground labels' test means: a multi-label project's single number. Nil when
    /// any label has no defined value (say, HD95 with every prediction empty) rather than a mean of the rest.
    public func meanOverLabels(_ metric: (MetricsSummary) -> MetricSummary) -> Double? {
        let values = labels.compactMap { metric($0.summary).mean }
        return values.count == labels.count && !values.isEmpty ? values.reduce(0, +) / Double(values.count) : nil
    }

    /// `mm` or `px`: the unit of every label's distances.
    public var distanceUnit: DistanceUnit { labels.first?.summary.unit ?? .pixel }

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
        let union = foreground.count < 2 ? nil : try await Blocking.run { [cases] in
            try MetricsSummary.perLabel(try BatchMetrics.evaluate(try cases.map(unionCase), labels: [1])).first
        }
        return TestEvaluation(cases: cases.count,
                              labels: zip(foreground, summaries).map { Label(label: Int($0), summary: $1) }, union: union)
    }

    private static func unionCase(_ item: MetricsCase) throws -> MetricsCase {
        func merged(_ map: LabelMap) throws -> LabelMap {
            try LabelMap(shape: map.shape, labels: map.labels.map { $0 == 0 ? 0 : 1 })
        }
        return MetricsCase(prediction: try merged(item.prediction), truth: try merged(item.truth), spacing: item.spacing)
    }

    /// The round's model on the project's labelled `test` scans.
    public static func evaluateTestSplit(_ catalog: Catalog, project: String, round: Int,
                                         store: TensorStore) async throws -> TestEvaluation {
        let configuration = try await catalog.configuration(of: project)
        guard let checkpoint = try await catalog.modelCheckpoint(project: project, round: round, includingRound: true) else {
            throw RoundsError.noModel(project: project, round: round)
        }
        return try await evaluate(checkpoint: checkpoint, specification: try ModelSpecification(configuration),
                                  labelled: try await labelledScans(catalog, project: project, split: "test"), store: store)
    }

    /// What the trainer recorded in `models.test` for the round, if the project had labelled test scans then.
    public static func recorded(_ catalog: Catalog, project: String, round: Int) async throws -> TestEvaluation? {
        guard let json = try await catalog.modelTestJSON(project: project, round: round) else { return nil }
        return try JSONDecoder().decode(TestEvaluation.self, from: Data(json.utf8))
    }

    /// The project's current labels on scans of `split`, each with its scan.
    static func labelledScans(_ catalog: Catalog, project: String,
                              split: String) async throws -> [(scan: ScanRecord, label: LabelRecord)] {
        let scans = Dictionary(uniqueKeysWithValues: try await catalog.scans(project: project, split: split).map { ($0.id, $0) })
        return try await catalog.currentLabels(project: project).compactMap { label in
            scans[label.scanID].map { (scan: $0, label: label) }
        }
    }

    /// `models.test`: the evaluation plus its means over labels at the top, so SQL reads `test ->> 'dice'`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cases, forKey: .cases)
        try container.encode(labels, forKey: .labels)
        try container.encodeIfPresent(union, forKey: .union)
        var means = encoder.container(keyedBy: MeanKeys.self)
        try means.encode(distanceUnit, forKey: .unit)
        try means.encode(meanOverLabels(\.dice), forKey: .dice)
        try means.encode(meanOverLabels(\.iou), forKey: .iou)
        try means.encode(meanOverLabels(\.hausdorff), forKey: .hd)
        try means.encode(meanOverLabels(\.hausdorff95), forKey: .hd95)
        try means.encode(meanOverLabels(\.averageSurfaceDistance), forKey: .assd)
    }

    private enum CodingKeys: String, CodingKey { case cases, labels, union }
    private enum MeanKeys: String, CodingKey { case unit, dice, iou, hd, hd95, assd }

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
