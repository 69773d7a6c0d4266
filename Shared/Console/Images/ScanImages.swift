import Crypto
import Engine
import Foundation
import Imaging
import Logging
import Rounds
import TensorStore
import Uncertainty

/// The console's PNGs of a scan, rendered from the normalised tensors on the store and cached there under a
/// hash of everything they depend on (the content-addressed tensor and label paths, the model, the request),
/// so a changed label or a new model never shows a stale picture.
public struct ScanImages: Sendable {
    let reader: ConsoleReader
    let store: TensorStore
    let predictors: PredictorCache
    let logger: Logger

    public init(reader: ConsoleReader, store: TensorStore, predictors: PredictorCache = PredictorCache(), logger: Logger) {
        (self.reader, self.store, self.predictors, self.logger) = (reader, store, predictors, logger)
    }

    public func png(scan: UUID, request: RenderRequest) async throws -> [UInt8] {
        let sources = try await reader.imageSources(scan)
        let usesModel = request.overlay == .prediction || request.overlay == .uncertainty
        let identity = [sources.tensorPath, request.overlay == .label ? sources.labelPath ?? "-" : "-",
                        usesModel ? sources.modelID.map(String.init) ?? "-" : "-", request.cacheKey].joined(separator: "|")
        let hash = SHA256.hash(data: Data(identity.utf8)).map { String(format: "%02x", $0) }.joined()
        let cached = "console-cache/\(hash.prefix(2))/\(hash).png"
        if store.exists(cached), let bytes = try? store.read(bytes: cached) { return bytes }

        let predictor: SegmentationPredictor?
        if usesModel {
            guard let model = sources.modelID, let path = sources.modelPath else {
                throw ConsoleError.imageUnavailable(scan: scan.uuidString.lowercased(),
                                                    reason: "the project has no trained model yet, so no \(request.overlay.rawValue) overlay")
            }
            predictor = try await predictors.predictor(model: model, weightsAt: path, configurationJSON: sources.configurationJSON,
                                                       project: sources.project, store: store)
        } else {
            predictor = nil
        }
        let (store, scanID) = (self.store, scan)
        // A 3-D network sees the slice in its volume's context, as it was trained and as the round scored it.
        var volumeMaps: ProbabilityMaps?
        if let predictor, let model = sources.modelID, predictor.specification.network.dimensions == 3 {
            volumeMaps = try await predictors.volumeMaps(model: model, tensorPath: sources.tensorPath) {
                try await Blocking.run { try predictor.predict(try store.readImage(sources.tensorPath)).maps() }
            }
        }
        let bytes = try await Blocking.run { [volumeMaps] in
            try Self.render(scanID, sources: sources, request: request, predictor: predictor, volumeMaps: volumeMaps, store: store)
        }
        do {
            try store.write(bytes: bytes, to: cached)
        } catch {
            // The picture is still right; only the next request pays for it again.
            logger.warning("console image cache not written: \(error)")
        }
        return bytes
    }

    /// `volumeMaps`: a 3-D model's prediction of the whole volume, of which the slice is shown; nil for a slice
    /// model, which predicts the slice alone.
    static func render(_ scan: UUID, sources: ImageSources, request: RenderRequest, predictor: SegmentationPredictor?,
                       volumeMaps: ProbabilityMaps?, store: TensorStore) throws -> [UInt8] {
        let id = scan.uuidString.lowercased()
        let image = try store.readImage(sources.tensorPath)
        let slice = request.slice ?? image.depth / 2
        guard (0..<image.depth).contains(slice) else {
            throw ConsoleError.badRequest(reason: "slice \(slice) is outside 0…\(image.depth - 1) of scan \(id)")
        }
        let plane = image.plane(slice)
        let geometry = try? JSONDecoder().decode(GeometryRecord.self, from: Data(sources.geometryJSON.utf8))
        let grey = ScanRendering.windowed(plane, clipLow: geometry?.clipLow ?? 0, clipHigh: geometry?.clipHigh ?? 1,
                                          window: request.window, level: request.level)
        let overlay: ScanRendering.OverlayPlane?
        switch request.overlay {
        case .none:
            overlay = nil
        case .label:
            guard let path = sources.labelPath else {
                throw ConsoleError.imageUnavailable(scan: id, reason: "it has no label yet, so no label overlay")
            }
            let mask = try store.readMask(path)
            let planeSize = image.height * image.width
            guard mask.labels.count == image.depth * planeSize else {
                throw ConsoleError.imageUnavailable(scan: id, reason: "its label's shape \(mask.shape) differs from the image's")
            }
            overlay = .labels(Array(mask.labels[(slice * planeSize)..<((slice + 1) * planeSize)]))
        case .prediction, .uncertainty:
            guard let predictor else { throw ConsoleError.imageUnavailable(scan: id, reason: "no model") }
            let maps = try volumeMaps?.plane(slice)
                ?? predictor.predict(ScanImage(depth: 1, height: image.height, width: image.width, values: plane)).maps()
            if request.overlay == .prediction {
                overlay = .labels(ScanUncertainty.predictedLabels(maps).map { UInt8(clamping: $0) })
            } else {
                // Entropy in nats peaks at ln(classes); scaled so that the most unsure pixel possible is 1.
                let ceiling = log(Double(max(predictor.specification.network.outputChannels, 2)))
                overlay = .heat(try ScanUncertainty.pixelMap(maps).map { Float($0 / ceiling) })
            }
        }
        let composed = ScanRendering.compose(grey: grey, overlay: overlay)
        let rgb = geometry?.isRAS == true ? ScanRendering.turnedHalfway(composed) : composed
        let side = request.side.map { min(max($0, RenderRequest.sideRange.lowerBound), RenderRequest.sideRange.upperBound) }
        let shrunk = side.map { ScanRendering.shrink(rgb, width: image.width, height: image.height, toSide: $0) }
            ?? (rgb, image.width, image.height)
        return try PNGEncoder.encodeRGB8(shrunk.0, width: shrunk.1, height: shrunk.2)
    }
}
