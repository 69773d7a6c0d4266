import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks; each runs its peer in the same run where one exists and prints the ratio.",
        subcommands: [BenchQueue.self, BenchTrain.self, BenchEmbed.self, BenchSelect.self, BenchMetrics.self,
                      BenchLearningCurve.self, BenchIngest.self, BenchDIMSE.self])
}
