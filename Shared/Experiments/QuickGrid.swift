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

    /// The grid for a manifest, from its first image (a pool is one kind of scan).
    public static func side(forManifest path: String) throws -> Int {
        guard let first = try CSVManifest.read(path).first else { return planeSide }
        return side(for: try ImageLoader.load(path: first.image))
    }
}
