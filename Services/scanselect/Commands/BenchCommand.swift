import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks (each compares against its peer where one exists).",
        subcommands: [BenchQueue.self])
}
