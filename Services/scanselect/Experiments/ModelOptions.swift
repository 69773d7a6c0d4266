import ArgumentParser
import Catalog

/// Project settings an experiment or the demo lets the command line override; the rest come from
/// `--config` (a project configuration JSON) or the command's defaults.
extension EncoderName: ExpressibleByArgument {
    public init?(argument: String) { self.init(spelling: argument) }
}

struct ModelOptions: ParsableArguments {
    @Option(help: "Project configuration JSON used as the template (strategies, budgets and seeds are set per arm).")
    var config: String?
    @Option(help: "Encoder: descriptor (weight-free), resnet50 or dinov2.") var encoder: EncoderName?
    @Option(help: "Working grid side that scans are resampled to.") var workingSize: Int?
    @Option(help: "Training side (U-Net input).") var side: Int?
    @Option(help: "Training epochs per round.") var epochs: Int?
    @Option(help: "U-Net base channels.") var baseChannels: Int?
    @Option(help: "U-Net depth (levels).") var depth: Int?
    @Option(help: "Training batch size.") var trainBatch: Int?
    @Option(help: "Epochs without validation gain before training stops early.") var patience: Int?
    @Option(help: "Samples per epoch at least (passes of a small labelled set repeat).") var minSamplesPerEpoch: Int?

    /// Small enough for a 2-core machine to train four rounds in about a minute, for lung masks (labels 1
    /// and 2, segmented as one foreground). Round 0 has only a handful of scans: small batches give it several
    /// steps per epoch, and a long patience keeps early stopping from ending the run before the network first
    /// predicts any lung.
    static func quick(workingSize: Int) -> ProjectConfiguration {
        var configuration = ProjectConfiguration()
        configuration.workingSize = workingSize
        configuration.labels = [0, 1, 2]
        // 96 on the planes' 128² grid; a smaller grid (small volumes, `QuickGrid`) trains at its own side.
        configuration.training.side = min(96, workingSize)
        configuration.training.baseChannels = 8
        configuration.training.depth = 3
        configuration.training.epochs = 60
        configuration.training.batchSize = 4
        configuration.training.patience = 30
        return configuration
    }

    /// `defaults` applies first, then `--config`, then the single options.
    func template(_ defaults: ProjectConfiguration) throws -> ProjectConfiguration {
        var configuration = try config.map(ProjectCommand.Create.load) ?? defaults
        if let encoder { configuration.encoder.name = encoder }
        if let workingSize { configuration.workingSize = workingSize }
        if let side { configuration.training.side = side }
        if let epochs { configuration.training.epochs = epochs }
        if let baseChannels { configuration.training.baseChannels = baseChannels }
        if let depth { configuration.training.depth = depth }
        if let trainBatch { configuration.training.batchSize = trainBatch }
        if let patience { configuration.training.patience = patience }
        if let minSamplesPerEpoch { configuration.training.minimumSamplesPerEpoch = minSamplesPerEpoch }
        return configuration
    }
}
