import Catalog
import Foundation
import Imaging
import JobQueue
import Logging
import TensorStore

/// The selector's pre-annotations for a round's picks: the newest model predicts each pick, the label file and the
/// probability map go to the store under `preannotations/<project>/round-<n>/`, and the rows come back to be
/// recorded with the picks. A pick
/// whose file cannot be made (a NIfTI volume) gets its reason instead; it never fails the round.
enum RoundPreAnnotations {
    static func make(project: String, round: Int, picks: [UUID], configuration: ProjectConfiguration,
                     context: JobContext) async throws -> [PreAnnotationRow] {
        guard configuration.activeLearning.preAnnotate, !picks.isEmpty else { return [] }
        let (model, scans) = try await context.client.withCatalog(logger: context.logger) { catalog in
            let model = try await catalog.modelForPreAnnotation(project: project, before: round, newSeriesUID: DICOMUID.make())
            var scans: [ScanRecord] = []
            for pick in picks { scans.append(try await catalog.scan(pick)) }
            return (model, scans)
        }
        guard let model else { return [] }
        let store = context.store
        let predictor = try await SegmentationPredictor.load(weightsAt: model.checkpointPath, store: store,
                                                             specification: try ModelSpecification(configuration))
        let identity = PreAnnotation.Model(project: project, round: model.round, modelID: model.id,
                                           segSeriesUID: model.segSeriesUID)
        var rows: [PreAnnotationRow] = []
        for scan in scans {
            try Task.checkCancellation()
            let outcome: PreAnnotationRow.Outcome = try await Blocking.run {
                do {
                    // One prediction, two files: the labels to correct and the probabilities they came from.
                    let prediction = try predictor.predict(try store.readImage(scan.tensorPath))
                    let made = try PreAnnotation.make(scan, prediction: prediction, specification: predictor.specification,
                                                      model: identity)
                    let probabilities = try PreAnnotation.probabilities(scan, prediction: prediction,
                                                                        specification: predictor.specification, model: identity)
                    let folder = "preannotations/\(project)/round-\(round)/"
                    try store.write(bytes: made.bytes, to: folder + made.fileName)
                    try store.write(bytes: probabilities.bytes, to: folder + probabilities.fileName)
                    let counts = Dictionary(uniqueKeysWithValues: made.pixelsPerLabel.map { (String($0.key), $0.value) })
                    return .written(format: made.format.rawValue, path: folder + made.fileName,
                                    labelledPixelsJSON: try jsonText(counts), sopInstanceUID: made.sopInstanceUID,
                                    probabilityPath: folder + probabilities.fileName)
                } catch {
                    context.logger.warning("no pre-annotation", metadata: ["scan": "\(scan.id)", "error": "\(error)"])
                    return .failed("\(error)")
                }
            }
            rows.append(PreAnnotationRow(scanID: scan.id, modelID: model.id, outcome: outcome))
        }
        return rows
    }
}
