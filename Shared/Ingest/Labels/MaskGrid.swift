import Imaging

/// A decoded mask checked against a scan's two grids and the project's label set, in both grids.
struct MaskGrid: Sendable {
    let working: [UInt8]
    let workingShape: [Int]
    let original: [UInt8]
    let originalShape: [Int]
    /// Which grid the file was drawn on.
    let drawnOn: String

    /// `name` is how errors refer to the file.
    init(_ mask: ImageVolume, name: String, geometry: GeometryRecord, labels allowed: [Int]) throws(IngestError) {
        let originalShape = ScanNormaliser.shape(depth: geometry.originalDepth, height: geometry.originalHeight,
                                                 width: geometry.originalWidth)
        let workingShape = ScanNormaliser.shape(depth: geometry.depth, height: geometry.workingHeight,
                                                width: geometry.workingWidth)
        let found = ScanNormaliser.shape(depth: mask.depth, height: mask.height, width: mask.width)
        let isOriginal = found == originalShape
        guard mask.channels == 1, isOriginal || found == workingShape else {
            throw .maskShape(file: name, found: mask.channels == 1 ? found : found + [mask.channels],
                             original: originalShape, working: workingShape)
        }
        let values = try Self.integerLabels(mask.pixels, name: name, allowed: allowed)
        self.workingShape = workingShape
        self.originalShape = originalShape
        // Same shape on both grids (a scan already at working size): the file serves as both.
        working = isOriginal && originalShape != workingShape ? geometry.labelsToWorking(values) : values
        original = isOriginal ? values : geometry.labelsToOriginal(values)
        drawnOn = isOriginal ? "original" : "working"
    }

    private static func integerLabels(_ pixels: [Float], name: String, allowed: [Int]) throws(IngestError) -> [UInt8] {
        let permitted = Set(allowed)
        var bad: Set<Int> = []
        var labels = [UInt8](repeating: 0, count: pixels.count)
        for (index, value) in pixels.enumerated() {
            guard value.rounded() == value, abs(value) < 1e6 else { throw .maskNotInteger(file: name) }
            let label = Int(value)
            if permitted.contains(label), let byte = UInt8(exactly: label) { labels[index] = byte } else { bad.insert(label) }
        }
        guard bad.isEmpty else { throw .maskValues(file: name, found: bad.sorted(), allowed: allowed.sorted()) }
        return labels
    }
}
