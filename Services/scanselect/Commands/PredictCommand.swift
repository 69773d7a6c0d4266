import ArgumentParser
import Catalog
import Foundation
import Imaging
import Rounds
import TensorStore

/// Pre-annotations on demand: the newest model's prediction for a round's picks or for named scans, written as
/// DICOM SEG (DICOM sources) or label PNG (2-D files) for the annotator to correct.
struct PredictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Write the model's predictions as pre-annotations (DICOM SEG for DICOM scans, PNG for 2-D files).")

    @Argument(help: "The project.") var project: String
    @Option(help: "Every pick of this round, predicted by the newest model trained before it.") var round: Int?
    @Option(parsing: .upToNextOption, help: "These scans (ids as `scanselect selection` shows them), by the newest model.")
    var scan: [String] = []
    @Option(help: "Folder to write into (created if missing).") var out: String
    @Flag(help: "Write the probabilities instead of the labels: a FRACTIONAL SEG for DICOM scans, else the foreground probability in 8 bits (.prob.nii / .prob.png).")
    var probabilities = false

    func validate() throws {
        guard (round == nil) != scan.isEmpty else { throw ValidationError("pass either --round N or --scan ID …") }
    }

    func run() async throws {
        let (project, round, out) = (self.project, self.round, self.out)
        let ids = try scan.map { text in
            guard let id = UUID(uuidString: text) else { throw ValidationError("--scan \(text) is not a scan id (a UUID)") }
            return id
        }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("cannot create \(out): \(error.localizedDescription)")
        }
        let store = try TensorStore(root: DevStack().storeRoot)
        let (model, configuration, scans) = try await CLIDatabase.with { client, logger in
            try await client.withCatalog(logger: logger) { catalog in
                let configuration = try await catalog.configuration(of: project)
                guard let model = try await catalog.modelForPreAnnotation(project: project, before: round,
                                                                          newSeriesUID: DICOMUID.make()) else {
                    throw ValidationError(round.map { "project '\(project)' has no model trained before round \($0): "
                        + "round 0's picks come before any model; predict round 1 or later" }
                        ?? "project '\(project)' has no trained model yet; import labels for round 0 first")
                }
                guard round == nil else {
                    return (model, configuration, try await catalog.selections(project: project, round: round).map(\.scan))
                }
                var scans: [ScanRecord] = []
                for id in ids { scans.append(try await catalog.scan(id)) }
                return (model, configuration, scans)
            }
        }
        let predictor = try await SegmentationPredictor.load(weightsAt: model.checkpointPath, store: store,
                                                             specification: try ModelSpecification(configuration))
        let identity = PreAnnotation.Model(project: project, round: model.round, modelID: model.id,
                                           segSeriesUID: model.segSeriesUID)
        var failures = 0
        for record in scans {
            do {
                guard record.projectID == project else {
                    throw ValidationError("scan \(record.id.uuidString.lowercased()) belongs to project '\(record.projectID)'")
                }
                let made = try (probabilities ? PreAnnotation.probabilities : PreAnnotation.make)(record, predictor, identity, store)
                let path = out + "/" + made.fileName
                guard FileManager.default.createFile(atPath: path, contents: Data(made.bytes)) else {
                    throw ValidationError("cannot write \(path); check that \(out) is writable")
                }
                print("\(path) (\(made.format.rawValue), model of round \(model.round); \(made.summary))")
            } catch {
                failures += 1
                print("FAILED \(record.id.uuidString.lowercased()): \(error)")
            }
        }
        guard failures == 0 else { throw ValidationError("\(failures) of \(scans.count) pre-annotations failed (above)") }
    }
}
