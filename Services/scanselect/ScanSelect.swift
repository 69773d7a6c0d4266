import ArgumentParser

@main
struct ScanSelect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scanselect",
        abstract: "Tells radiology teams which scans to annotate first and next.",
        subcommands: [MigrateCommand.self, StatusCommand.self, JobsCommand.self, DevCommand.self, BenchCommand.self,
                      ColdStartCommand.self, MapCommand.self, SelectionCommand.self,
                      ProjectCommand.self, IngestCommand.self, LabelCommand.self, PhantomsCommand.self, ExperimentCommand.self, DemoCommand.self,
                      RoundCommand.self, ExportCommand.self, PredictCommand.self, StoreCommand.self,
                      HealthcheckCommand.self, ConsoleCommand.self, WorklistCommand.self, ChaosCommand.self])
}
