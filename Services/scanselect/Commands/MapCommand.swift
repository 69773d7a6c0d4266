import ArgumentParser
import Catalog
import Foundation
import Selection

/// Draws the project's latest 2-D map, coloured by cluster, with every selected scan numbered.
struct MapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "map", abstract: "Write the embedding map as SVG.")
    @Argument(help: "The project.") var project: String
    @Option(help: "Output SVG file.") var out = "map.svg"

    func run() async throws {
        let project = self.project
        let (points, selected) = try await CLIDatabase.with { client, logger in
            try await client.withCatalog(logger: logger) { catalog in
                (try await catalog.latestMap(project: project), try await catalog.selections(project: project))
            }
        }
        guard !points.isEmpty else { throw ValidationError("project '\(project)' has no map yet: run `scanselect coldstart \(project)`") }
        let index = Dictionary(uniqueKeysWithValues: points.enumerated().map { ($1.scanID, $0) })
        let map = try Matrix(rows: points.count, cols: 2, values: points.flatMap { [$0.x, $0.y] })
        let svg = try ClusterMapPlot(title: "\(project): \(points.count) scans, \(selected.count) selected")
            .svg(map: map, labels: points.map(\.cluster), selected: selected.compactMap { index[$0.scan.id] })
        try svg.write(toFile: out, atomically: true, encoding: .utf8)
        print("wrote \(out)")
    }
}
