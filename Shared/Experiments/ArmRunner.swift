import Catalog
import Foundation
import Imaging
import Ingest
import JobQueue
import Logging
import PostgresNIO
import Rounds
import TensorStore

/// Runs one arm through the real services: creates its project, imports pool and test scans, lets the
/// clustering-service pick round 0, and plays the annotator — whenever a round's selection appears, the
/// selected scans get their ground-truth masks as labels, which starts train → score → select. Each trained
/// round is scored on the test split. Everything it needs to resume lives in the database and the store.
struct ArmRunner: Sendable {
    let plan: ExperimentPlan
    let dataset: ExperimentDataset
    let client: PostgresClient
    let store: TensorStore
    let logger: Logger
    let timeout: Double
    let heartbeat: Double
    let events: @Sendable (ExperimentEvent) async -> Void

    /// Runs the arm; `evaluated` is called for every round without a result yet, in round order.
    func run(_ arm: ExperimentArm, done: Set<Int>, evaluated: @Sendable (ResultRow) async throws -> Void) async throws {
        let project = arm.projectID
        let wait = PipelineWait(queue: JobQueue(client: client, logger: logger), project: project, timeout: timeout, heartbeat: heartbeat) { message in
            await events(.stage(arm, message))
        }
        try await createProject(arm)
        let masks = try await importScans(arm)
        await events(.stage(arm, "embedding \(dataset.entries.count) scans"))
        try await wait.until("every scan embedded") { try await allEmbedded(project) }
        try await startColdStart(arm)
        for round in 0..<plan.trainedRounds {
            let selection = try await wait.until("round \(round)'s selection") {
                let picks = try await client.withCatalog(logger: logger) { try await $0.selections(project: project, round: round) }
                return picks.isEmpty ? nil : picks
            }
            if selection.contains(where: \.awaitingLabel) {
                await events(.selected(arm, round: round, selection))
                try await annotate(selection.filter(\.awaitingLabel), masks: masks, project: project)
            }
            let model = try await wait.until("round \(round)'s trained model") {
                try await client.withCatalog(logger: logger) { try await $0.trainedRound(project: project, round: round) }
            }
            guard !done.contains(round) else { continue }
            await events(.stage(arm, "round \(round)'s scores on \(dataset.test.count) test scans"))
            let store = self.store
            // The trainer scored it when the test labels were in before training (as the arm imports them);
            // a model trained before that (an experiment resumed across the upgrade) is scored here.
            let evaluation = try await client.withCatalog(logger: logger) { catalog in
                if let recorded = try await TestEvaluation.recorded(catalog, project: project, round: round) { return recorded }
                return try await TestEvaluation.evaluateTestSplit(catalog, project: project, round: round, store: store)
            }
            let effort = try await annotationEffort(selection, masks: masks, arm: arm, round: round)
            try await evaluated(ResultRow(arm: arm, model: model, evaluation: evaluation, effort: effort))
        }
    }

    private func createProject(_ arm: ExperimentArm) async throws {
        let configuration = plan.configuration(for: arm)
        try await client.withCatalog(logger: logger) { catalog in
            try await catalog.createProject(arm.projectID, configuration: configuration)
            guard try await catalog.configuration(of: arm.projectID) == configuration else {
                throw ExperimentError.configurationChanged(project: arm.projectID)
            }
        }
    }

    /// Imports what is missing (images of both splits, the test split's masks) and returns each pool scan's
    /// mask file: the ground truth the simulated annotator hands in when the scan is selected.
    private func importScans(_ arm: ExperimentArm) async throws -> [UUID: String] {
        let project = arm.projectID
        let ingestor = Ingestor(client: client, store: store, logger: logger)
        let labels = LabelImporter(client: client, store: store, logger: logger)
        var existing = Dictionary(try await client.withCatalog(logger: logger) { try await $0.scans(project: project) }
            .map { ($0.sourceRef, $0.id) }, uniquingKeysWith: { first, _ in first })
        let missing = dataset.entries.filter { existing[$0.image] == nil }
        if !missing.isEmpty { await events(.stage(arm, "importing \(missing.count) scans")) }
        for entry in missing {
            existing[entry.image] = try await ingestor.ingest(file: entry.image, project: project, split: entry.split).id
        }
        let labelled = Set(try await client.withCatalog(logger: logger) { try await $0.currentLabels(project: project) }.map(\.scanID))
        var masks: [UUID: String] = [:]
        for entry in dataset.entries {
            guard let scan = existing[entry.image] else { continue }
            if entry.split == "pool" {
                masks[scan] = entry.mask
            } else if !labelled.contains(scan) {
                _ = try await labels.importLabel(file: entry.mask, project: project, scan: scan.uuidString)
            }
        }
        return masks
    }

    private func allEmbedded(_ project: String) async throws -> Bool? {
        let scans = try await client.withCatalog(logger: logger) { try await $0.scans(project: project) }
        if let failed = scans.first(where: { $0.state == .failed }) {
            throw ExperimentError.scanFailed(project: project, source: failed.sourceRef)
        }
        // The import has recorded every scan before this wait starts (duplicate files share one scan).
        return !scans.isEmpty && scans.allSatisfy { $0.state == .embedded } ? true : nil
    }

    /// Enqueues the cold start once (the idempotency key makes a resumed run reuse it).
    private func startColdStart(_ arm: ExperimentArm) async throws {
        let project = arm.projectID
        let started = try await client.withCatalog(logger: logger) { try await $0.selections(project: project, round: 0) }
        guard started.isEmpty else { return }
        await events(.stage(arm, "cold start (\(plan.configuration(for: arm).coldStart.strategy), budget \(plan.initialBudget))"))
        _ = try await JobQueue(client: client, logger: logger)
            .enqueue(try NewJob(ClusterPayload(), projectID: project, idempotencyKey: "experiment-cluster:\(project)"))
    }

    /// The round's picks against the pre-annotations the selector wrote for them (label PNG or NIfTI, on the
    /// source grid like the ground-truth masks); nil when there are none (round 0, `preAnnotate` off).
    private func annotationEffort(_ picks: [SelectedScan], masks: [UUID: String], arm: ExperimentArm,
                                  round: Int) async throws -> (pixels: Double, contour: Double)? {
        let project = arm.projectID
        let files = try await client.withCatalog(logger: logger) { try await $0.preAnnotationFiles(project: project, round: round) }
        // A binary project predicts foreground as 1 whatever the annotator's label values: compare foregrounds.
        let binary = plan.configuration(for: arm).binary
        var efforts: [AnnotationEffort] = []
        for pick in picks {
            guard let file = files[pick.scan.id], file.format != "seg", let mask = masks[pick.scan.id],
                  let truthBytes = FileManager.default.contents(atPath: mask) else { continue }
            let predicted = try ImageLoader.load(try store.read(bytes: file.path), source: file.path)
            let truth = try ImageLoader.load([UInt8](truthBytes), source: mask)
            guard [predicted.width, predicted.height, predicted.depth] == [truth.width, truth.height, truth.depth],
                  predicted.channels == 1, truth.channels == 1 else {
                logger.warning("pre-annotation and mask differ in shape", metadata: ["scan": "\(pick.scan.id)"])
                continue
            }
            let labels = { (volume: ImageVolume) in
                volume.pixels.map { binary ? ($0 != 0 ? 1 : 0) : UInt8(clamping: Int($0.rounded())) }
            }
            // 1 % of the image's larger side: a contour that close needs no redrawing.
            let tolerance = max(1, Int((0.01 * Double(max(truth.width, truth.height))).rounded()))
            efforts.append(AnnotationEffort(prediction: labels(predicted), truth: labels(truth), width: truth.width,
                                            height: truth.height, depth: truth.depth, tolerance: tolerance))
        }
        return AnnotationEffort.mean(efforts)
    }

    private func annotate(_ picks: [SelectedScan], masks: [UUID: String], project: String) async throws {
        let labels = LabelImporter(client: client, store: store, logger: logger)
        for pick in picks {
            guard let mask = masks[pick.scan.id] else { throw ExperimentError.maskMissing(image: pick.scan.sourceRef) }
            _ = try await labels.importLabel(file: mask, project: project, scan: pick.scan.id.uuidString)
        }
    }
}
