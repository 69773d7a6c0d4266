/// Failures of the train → score → select stages, each saying what the operator can do about it.
public enum RoundsError: Error, CustomStringConvertible, Equatable {
    case missingProject(jobID: Int64, kind: String)
    case unreadableTensor(path: String, reason: String)
    case shapeMismatch(scan: String, image: [Int], mask: [Int])
    case unsupportedShape(path: String, shape: [Int])
    case labelOutsideLabelSet(scan: String, value: UInt8, labels: [Int])
    case noLabelledScans(project: String, round: Int)
    case noModel(project: String, round: Int)
    case invalidSetting(name: String, value: String, allowed: String)
    case preAnnotationUnavailable(scan: String, reason: String, fix: String)

    public var description: String {
        switch self {
        case let .missingProject(jobID, kind):
            "job \(jobID) (\(kind)) has no project; re-enqueue it with the project it belongs to"
        case let .unreadableTensor(path, reason):
            "cannot read tensor file \(path): \(reason); re-ingest the scan or label"
        case let .shapeMismatch(scan, image, mask):
            "scan \(scan): label shape \(mask) differs from the image's working shape \(image); re-import the label"
        case let .unsupportedShape(path, shape):
            "\(path): shape \(shape) is neither [H,W] nor [D,H,W]"
        case let .labelOutsideLabelSet(scan, value, labels):
            "scan \(scan): label value \(value) is not in the project's label set \(labels); fix the mask or the project's `labels`"
        case let .noLabelledScans(project, round):
            "project '\(project)' round \(round): no labelled pool scan to train on; import labels first"
        case let .noModel(project, round):
            "project '\(project)' round \(round): no trained model; run (or retry) the round's train job first"
        case let .invalidSetting(name, value, allowed):
            "project setting \(name) = '\(value)' is not one of \(allowed); fix it with `scanselect project create --config`"
        case let .preAnnotationUnavailable(scan, reason, fix):
            "scan \(scan): cannot write its pre-annotation: \(reason); \(fix)"
        }
    }
}
