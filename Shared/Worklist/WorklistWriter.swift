import Catalog
import Foundation
import Imaging
import Logging
import PostgresNIO
import Rounds
import TensorStore
import Uncertainty

/// `scanselect worklist PROJECT --round N --out DIR`: a round's picks for a team without a PACS viewer. Each pick
/// as a file a desktop tool opens (PNG for an image, NIfTI for a volume, on the working grid the model sees), the
/// newest model's prediction beside it on the same grid (a mask to correct rather than draw), `picks.csv` with the
/// reasons, a README for the annotator and `worklist.json`. Files are named by rank and pseudonymous scan id only.
public struct WorklistWriter: Sendable {
    let client: PostgresClient
    let store: TensorStore
    let logger: Logger

    public init(client: PostgresClient, store: TensorStore, logger: Logger) {
        (self.client, self.store, self.logger) = (client, store, logger)
    }

    public func write(project: String, round requested: Int?, to directory: String) async throws -> WorklistManifest {
        let (configuration, picks, model) = try await client.withCatalog(logger: logger) { catalog in
            let configuration = try await catalog.configuration(of: project)
            let all = try await catalog.selections(project: project)
            guard let round = requested ?? all.map(\.round).max() else { throw WorklistError.noPicks(project: project, round: nil) }
            let picks = all.filter { $0.round == round }
            guard !picks.isEmpty else { throw WorklistError.noPicks(project: project, round: round) }
            return (configuration, picks, try await catalog.newestModel(project: project))
        }
        var predictor: SegmentationPredictor?
        if let model {
            predictor = try await SegmentationPredictor.load(weightsAt: model.checkpointPath, store: store,
                                                             specification: try ModelSpecification(configuration))
        }
        try FileManager.default.createDirectory(atPath: directory + "/" + WorklistManifest.labelsFolder,
                                                withIntermediateDirectories: true)
        var entries: [WorklistManifest.Pick] = []
        var csv = ["rank,scan,image,pre_annotation,awaiting_label,cluster,score,reason"]
        for pick in picks {
            let stem = WorklistManifest.stem(rank: pick.rank, scan: pick.scan.id)
            let image = try store.readImage(pick.scan.tensorPath)
            let files = try WorklistFiles.make(image, stem: stem, scan: pick.scan, predictor: predictor)
            try files.write(into: directory)
            entries.append(.init(rank: pick.rank, scan: pick.scan.id, stem: stem, image: files.imageName,
                                 preAnnotation: files.preAnnotationName))
            csv.append([String(pick.rank), pick.scan.id.uuidString.lowercased(), files.imageName, files.preAnnotationName ?? "",
                        pick.awaitingLabel ? "yes" : "no", pick.cluster.map(String.init) ?? "",
                        pick.score.map { String(format: "%.4f", $0) } ?? "", WorklistFiles.csvField(pick.reason)]
                .joined(separator: ","))
        }
        let round = picks[0].round
        let manifest = WorklistManifest(project: project, round: round, picks: entries)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: directory + "/" + WorklistManifest.fileName))
        try (csv.joined(separator: "\n") + "\n").write(toFile: directory + "/picks.csv", atomically: true, encoding: .utf8)
        try WorklistFiles.readme(project: project, round: round, labels: configuration.labels, hasModel: model != nil,
                                 volumes: entries.contains { $0.image.hasSuffix(".nii") })
            .write(toFile: directory + "/README.txt", atomically: true, encoding: .utf8)
        logger.info("worklist written", metadata: ["project": "\(project)", "round": "\(round)", "picks": "\(entries.count)"])
        return manifest
    }
}

/// What ScanSelect refuses about worklists, with what to do.
public enum WorklistError: Error, CustomStringConvertible, Equatable {
    case noPicks(project: String, round: Int?)
    case notAWorklist(directory: String)

    public var description: String {
        switch self {
        case let .noPicks(project, round?): "project '\(project)' has no picks in round \(round); `scanselect selection \(project)` lists them"
        case let .noPicks(project, nil): "project '\(project)' has no picks yet: the cold start has not run"
        case let .notAWorklist(directory): "\(directory) has no \(WorklistManifest.fileName): make it with `scanselect worklist PROJECT --out \(directory)`"
        }
    }
}
