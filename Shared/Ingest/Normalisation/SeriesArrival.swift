/// What an arriving DICOM input (one slice or a whole series) is to the scan the project already holds of
/// the same series. A drop folder or PACS can send a series in pieces: the volume ingested after the quiet
/// period may be missing slices that come later, alone or in a full re-send.
enum SeriesArrival: Equatable, Sendable {
    /// Nothing of this series is held yet.
    case new
    /// Every arriving instance is already in the held scan: a re-send.
    case duplicate
    /// The arrival holds every instance of the held scan and more: it replaces (extends) that scan.
    case extends(previous: Int)
    /// Instances the held volume lacks, without the rest of it: they cannot be stacked onto the volume (its
    /// originals are gone once ingested), so they are reported and kept, never made a stray scan.
    case late(heldSlices: Int)

    /// `held` is the held scan's SOP Instance UIDs, nil when the project has none of this series.
    static func classify(arriving: [String], held: [String]?) -> SeriesArrival {
        // An instance without a UID cannot be matched to anything held (DICOMUID refuses those earlier anyway).
        guard let held, !arriving.isEmpty else { return .new }
        let (arriving, heldSet) = (Set(arriving), Set(held))
        if arriving.isSubset(of: heldSet) { return .duplicate }
        if arriving.isStrictSuperset(of: heldSet) { return .extends(previous: heldSet.count) }
        return .late(heldSlices: heldSet.count)
    }
}
