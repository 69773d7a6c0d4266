/// Why an input could not become a scan or a label. Every message names the file (or request part) and
/// what to do, because it is what lands in `failed/<name>.error.txt` and in the CLI output.
public enum IngestError: Error, CustomStringConvertible, Sendable, Equatable {
    case unreadable(file: String, reason: String)
    case unsupportedImage(file: String, reason: String)
    case manifest(file: String, line: Int, reason: String)
    case maskShape(file: String, found: [Int], original: [Int], working: [Int])
    case maskValues(file: String, found: [Int], allowed: [Int])
    case maskNotInteger(file: String)
    case maskOutsideScan(file: String)
    case noMatchingScan(file: String, reference: String)
    case multipart(reason: String)
    case http(url: String, status: Int, reason: String)
    /// A slice of a series that was already ingested as a volume (it arrived after the series went quiet).
    case lateSlice(file: String, series: String, slices: Int)
    case requestTooLarge(limit: Int)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            "\(file): cannot read the file (\(reason)). Check the path and its permissions."
        case let .unsupportedImage(file, reason):
            "\(file): \(reason)"
        case let .manifest(file, line, reason):
            "\(file) line \(line): \(reason)"
        case let .maskShape(file, found, original, working):
            "\(file): mask shape \(found) matches neither the scan's original grid \(original) nor its working grid "
                + "\(working). Export the mask on the scan's own image grid (same rows, columns and slices)."
        case let .maskOutsideScan(file):
            "\(file): the mask's geometry (its affine) does not overlap its scan anywhere: it was drawn on another scan "
                + "or saved with a wrong orientation. Save it from the same image in your tool."
        case let .maskValues(file, found, allowed):
            "\(file): mask values \(found) are not in the project's label set \(allowed). Map them to the label set "
                + "when exporting, or add them to `labels` in the project configuration (`scanselect project create "
                + "NAME --config file.json --replace`)."
        case let .maskNotInteger(file):
            "\(file): mask holds non-integer values. Export the mask as integer labels (e.g. 8-bit PNG with 0 = "
                + "background), not as a probability map or an anti-aliased image."
        case let .noMatchingScan(file, reference):
            "\(file): no scan of the project matches '\(reference)'. Name the mask like the image file (same stem) or "
                + "its SOP Instance UID, or pass the scan id with --scan; ingest the image first."
        case let .multipart(reason):
            "multipart body: \(reason)"
        case let .http(url, status, reason):
            "\(url): HTTP \(status) \(reason)"
        case let .requestTooLarge(limit):
            "the request exceeds STOW_MAX_BYTES = \(limit) bytes: send fewer instances per request"
        case let .lateSlice(file, series, slices):
            "\(file): a slice of series \(series), which was already ingested as a volume of \(slices) slices (this one "
                + "came after the series had been quiet for SERIES_QUIET_MS). It is kept here rather than made a scan of "
                + "its own: re-send the whole series (it then replaces the partial volume, unless that was already picked "
                + "or labelled) and raise SERIES_QUIET_MS for this sender."
        }
    }
}
