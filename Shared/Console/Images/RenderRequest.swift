/// What to draw over a scan.
public enum Overlay: String, Sendable, CaseIterable {
    case none
    /// The current label (the annotators' mask).
    case label
    /// The newest model's prediction (what a pre-annotation holds).
    case prediction
    /// The newest model's per-pixel entropy as a heat map: where it is unsure.
    case uncertainty
}

/// One rendered view of a scan: which slice, how big, which window and which overlay. Window and level are in
/// the scan's original intensity units (HU for CT): ingest recorded the clip range its normalisation used.
public struct RenderRequest: Sendable, Hashable {
    public var side: Int?
    public var slice: Int?
    public var window: Double?
    public var level: Double?
    public var overlay: Overlay

    public init(side: Int? = nil, slice: Int? = nil, window: Double? = nil, level: Double? = nil, overlay: Overlay = .none) {
        (self.side, self.slice, self.window, self.level, self.overlay) = (side, slice, window, level, overlay)
    }

    /// Thumbnails and full views stay within what a browser shows; a bigger request is clamped, not refused.
    public static let sideRange = 16...1024

    var cacheKey: String {
        "\(side.map(String.init) ?? "-")|\(slice.map(String.init) ?? "-")|\(window.map { "\($0)" } ?? "-")|"
            + "\(level.map { "\($0)" } ?? "-")|\(overlay.rawValue)"
    }
}
