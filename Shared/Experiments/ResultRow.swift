import Catalog
import Rounds
import SegmentationMetrics

/// One arm's model of one round, scored on the test split: a line of the results CSV.
public struct ResultRow: Sendable, Equatable {
    public var strategy: String
    public var seed: UInt64
    public var round: Int
    public var labelled: Int
    public var dice: Double?
    public var iou: Double?
    public var hausdorff: Double?
    public var hausdorff95: Double?
    public var averageSurfaceDistance: Double?
    /// `mm` when every test scan has a spacing, else `px` of the working grid.
    public var unit: String
    /// Test cases whose distances are undefined (one mask empty, the other not): counted, never averaged as 0.
    public var undefinedDistances: Int
    public var trainSeconds: Double
    /// From the round's selection to its trained model: annotation, queueing and training together.
    public var wallSeconds: Double
    public var project: String
    /// The round's picks' mean annotation effort against their pre-annotations (1 − Dice, and the share of the true
    /// contour to redraw); nil for round 0 (no model yet) and rows from before the measure existed.
    public var effortPixels: Double?
    public var effortContour: Double?
    /// Dice and HD95 per foreground label, then for their union when there are several labels; empty for a
    /// single label (the row's own metrics are that label's) and rows from before the columns existed.
    public var byLabel: [LabelScore] = []

    public struct LabelScore: Sendable, Equatable {
        /// The label value, or `union`.
        public var name: String
        public var dice: Double?
        public var hausdorff95: Double?

        public init(name: String, dice: Double?, hausdorff95: Double?) {
            (self.name, self.dice, self.hausdorff95) = (name, dice, hausdorff95)
        }
    }

    public struct Key: Hashable, Sendable {
        public let strategy: String
        public let seed: UInt64
        public let round: Int
    }

    public var key: Key { Key(strategy: strategy, seed: seed, round: round) }

    /// A multi-label project's metric is the mean over its foreground labels' test means.
    init(arm: ExperimentArm, model: TrainedRound, evaluation: TestEvaluation,
         effort: (pixels: Double, contour: Double)? = nil) {
        strategy = arm.strategy
        seed = arm.seed
        round = model.round
        labelled = model.labelled
        dice = evaluation.meanOverLabels(\.dice)
        iou = evaluation.meanOverLabels(\.iou)
        hausdorff = evaluation.meanOverLabels(\.hausdorff)
        hausdorff95 = evaluation.meanOverLabels(\.hausdorff95)
        averageSurfaceDistance = evaluation.meanOverLabels(\.averageSurfaceDistance)
        unit = evaluation.distanceUnit.rawValue
        undefinedDistances = evaluation.labels.map(\.summary.hausdorff.missing).reduce(0, +)
        trainSeconds = model.trainSeconds
        wallSeconds = model.wallSeconds
        project = arm.projectID
        (effortPixels, effortContour) = (effort?.pixels, effort?.contour)
        if let union = evaluation.union {
            byLabel = evaluation.labels.map {
                LabelScore(name: "\($0.label)", dice: $0.summary.dice.mean, hausdorff95: $0.summary.hausdorff95.mean)
            } + [LabelScore(name: "union", dice: union.dice.mean, hausdorff95: union.hausdorff95.mean)]
        }
    }

    init(strategy: String, seed: UInt64, round: Int, labelled: Int, metrics: [Double?], unit: String,
         undefinedDistances: Int, trainSeconds: Double, wallSeconds: Double, project: String,
         effortPixels: Double? = nil, effortContour: Double? = nil, byLabel: [LabelScore] = []) {
        self.strategy = strategy
        self.seed = seed
        self.round = round
        self.labelled = labelled
        (dice, iou, hausdorff, hausdorff95, averageSurfaceDistance) = (metrics[0], metrics[1], metrics[2], metrics[3], metrics[4])
        self.unit = unit
        self.undefinedDistances = undefinedDistances
        self.trainSeconds = trainSeconds
        self.wallSeconds = wallSeconds
        self.project = project
        (self.effortPixels, self.effortContour) = (effortPixels, effortContour)
        self.byLabel = byLabel
    }

    var metrics: [Double?] { [dice, iou, hausdorff, hausdorff95, averageSurfaceDistance] }
}
