import Imaging
import Ingest

/// The working grid a quick run (the demo, `scanselect experiment` without `--working-size`) gives its data.
/// Planes get `planeSide`. Volumes get the smallest power of two that holds their largest side, between
/// `minimumSide` and `planeSide`: every slice of a volume is a training sample, so a pool of small crops
/// (hippocampus-mr: 35×50×35 voxels, 8 volumes ≈ 300 slices) upsampled to 128² would spend the demo's minutes
/// training on interpolated pixels, while a CT keeps the plane grid.
public enum QuickGrid {
    public static let planeSide = 128
    public static let minimumSide = 32

    public static func side(for image: ImageVolume) -> Int {
        guard image.depth > 1 else { return planeSide }
        let largest = max(image.width, image.height, image.depth)
        var side = minimumSide
        while side < largest && side < planeSide { side *= 2 }
        return side
    }

    /// The grid for a manifest, from its first readable image (a pool is one kind of scan). An unreadable file
    /// is left to ingest, which quarantines it with its reason; a manifest of none keeps the plane grid.
    public static func side(forManifest path: String) throws -> Int {
        for entry in try CSVManifest.read(path) {
            if let image = try? ImageLoader.load(path: entry.image) { return side(for: image) }
        }
        return planeSide
    }
}
