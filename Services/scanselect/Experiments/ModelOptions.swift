import ArgumentParser
import Catalog

/// Project settings an experiment or the demo lets the command line override; the rest come from
/// `--config` (a project configuration JSON) or the command's defaults.
struct ModelOptions: ParsableArguments {
    @Option(help: "Project configuration JSON used as the template (strategies, budgets and seeds are set per arm).")
    var config: String?
    @Option(help: "Encoder: descriptor (weight-free), resnet50 or dinov2.") var encoder: String?
    @Option(help: "Working grid side that scans are resampled to.") var workingSize: Int?
    @Option(help: "Training side (U-Net input).") var side: Int?
    @Option(help: "Training epochs per round.") var epochs: Int?
    @Option(help: "U-Net base channels.") var baseChannels: Int?
    @Option(help: "U-Net depth (levels).") var depth: Int?

    /// `defaults` applies first, then `--config`, then the single options.
    func template(_ defaults: ProjectConfiguration) throws -> ProjectConfiguration {
        var configuration = try config.map(ProjectCommand.Create.load) ?? defaults
        if let encoder { configuration.encoder.name = encoder }
        if let workingSize { configuration.workingSize = workingSize }
        if let side { configuration.training.side = side }
        if let epochs { configuration.training.epochs = epochs }
        if let baseChannels { configuration.training.baseChannels = baseChannels }
        if let depth { configuration.training.depth = depth }
        return configuration
    }
}
