import Catalog
import Engine

/// How a project's settings become a U-Net and its training run, and how its label values map to the
/// network's classes (binary projects: any non-zero label is foreground).
public struct ModelSpecification: Sendable, Equatable {
    public let network: UNetConfiguration
    public let training: TrainingConfiguration
    /// Label value of each class index; class 0 is background.
    public let classLabels: [Int]
    /// What the specification was made from, so that a model's own dimensions can replace the setting's.
    private let configuration: ProjectConfiguration

    /// `dimensions` overrides `training.dimensions` (a choice the trainer made, or a trained model's); with
    /// neither, the slice network (before a model exists there is nothing else to match).
    public init(_ configuration: ProjectConfiguration, dimensions chosen: Int? = nil) throws(RoundsError) {
        self.configuration = configuration
        let settings = configuration.training
        let dimensions = chosen ?? settings.dimensions ?? 2
        let foreground = configuration.labels.filter { $0 != 0 }.sorted()
        guard !foreground.isEmpty else {
            throw .invalidSetting(name: "labels", value: "\(configuration.labels)", allowed: "a set with a non-zero label")
        }
        classLabels = configuration.binary ? [0, 1] : [0] + foreground
        guard (0..<1).contains(settings.dropout) else {
            throw .invalidSetting(name: "training.dropout", value: "\(settings.dropout)", allowed: "[0, 1)")
        }
        guard dimensions == 2 || dimensions == 3 else {
            throw .invalidSetting(name: "training.dimensions", value: "\(dimensions)", allowed: "2, 3 or null (chosen from the scans)")
        }
        network = UNetConfiguration(classes: classLabels.count, baseChannels: settings.baseChannels,
                                    depth: settings.depth, dropout: Float(settings.dropout),
                                    dimensions: dimensions)
        let learningRate = Float(settings.learningRate)
        let optimizer = Adam.Hyperparameters.adamW(learningRate: learningRate, weightDecay: 1e-4)
        training = TrainingConfiguration(model: network, epochs: settings.epochs, batchSize: settings.batchSize,
                                         side: settings.side, optimizer: optimizer,
                                         schedule: .cosine(periodEpochs: settings.epochs, minimum: learningRate / 100),
                                         patience: settings.patience,
                                         minimumSamplesPerEpoch: settings.minimumSamplesPerEpoch,
                                         patchDepth: settings.patchDepth, seed: settings.seed)
    }

    /// The same project's specification for a network of `dimensions` (a trained model's, which wins over the
    /// setting: weights only load into the network they were trained as).
    public func with(dimensions: Int) throws(RoundsError) -> ModelSpecification {
        dimensions == network.dimensions ? self : try ModelSpecification(configuration, dimensions: dimensions)
    }

    /// `training.dimensions`, or, when it is null, the trainer's choice for these labelled scans' working shapes:
    /// the 3-D network when every scan is a volume that each of the network's poolings can halve at least once
    /// more (2^(depth − 1) voxels a side), as nnU-Net plans a 3-D configuration only for volumes, and never with
    /// BADGE (its gradient embedding is built from the slice network's features).
    public static func dimensions(for configuration: ProjectConfiguration, workingShapes: [[Int]]) -> Int {
        if let chosen = configuration.training.dimensions { return chosen }
        guard configuration.activeLearning.strategy != .badge, !workingShapes.isEmpty else { return 2 }
        let smallest = 1 << max(configuration.training.depth - 1, 0)
        return workingShapes.allSatisfy { $0.count == 3 && $0.allSatisfy { $0 >= smallest } } ? 3 : 2
    }

    /// Mask values → class indices. Binary projects count any non-zero value as foreground (label import
    /// already checked values against the label set); multi-class masks must stay inside it.
    func classes(of mask: [UInt8], scan: String) throws(RoundsError) -> [UInt8] {
        if network.isBinary { return mask.map { $0 == 0 ? 0 : 1 } }
        var lookup = [UInt8?](repeating: nil, count: 256)
        for (index, label) in classLabels.enumerated() where (0...255).contains(label) { lookup[label] = UInt8(index) }
        var classes = [UInt8](repeating: 0, count: mask.count)
        for (i, value) in mask.enumerated() {
            guard let index = lookup[Int(value)] else {
                throw .labelOutsideLabelSet(scan: scan, value: value, labels: classLabels)
            }
            classes[i] = index
        }
        return classes
    }

    /// Class indices → the project's label values (the inverse of `classes(of:)`; binary projects give 0/1).
    public func labelValues(ofClasses classes: [UInt8]) -> [UInt8] {
        classes.map { UInt8(clamping: classLabels[Int($0)]) }
    }
}
