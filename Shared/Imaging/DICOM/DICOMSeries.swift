/// Builds one volume from the single-frame instances of a series (CT, MR), ordered along the slice normal.
public enum DICOMSeries {
    /// Slice gaps may differ by this fraction of the median before the series counts as having missing slices.
    static let spacingTolerance = 0.05

    public static func stack(_ instances: [DICOMInstance]) throws(ImagingError) -> ImageVolume {
        guard let first = instances.first else {
            throw .inconsistentSeries(field: "instances", detail: "no instances", fix: "Pass at least one image.")
        }
        guard instances.count == 1 || instances.allSatisfy({ $0.frames == 1 }) else {
            throw .inconsistentSeries(field: "NumberOfFrames", detail: "several multi-frame instances",
                                      fix: "A multi-frame instance is already a volume; load it on its own.")
        }
        for instance in instances {
            guard instance.rows == first.rows, instance.columns == first.columns,
                  instance.samplesPerPixel == first.samplesPerPixel else {
                throw .inconsistentSeries(field: "Rows/Columns/SamplesPerPixel",
                                          detail: "\(instance.header.source) is \(instance.rows)x\(instance.columns), "
                                              + "the first slice \(first.rows)x\(first.columns)",
                                          fix: "Group instances by SeriesInstanceUID and image size before stacking.")
            }
        }
        let (ordered, sliceSpacing) = try order(instances)
        var pixels: [Float] = []
        pixels.reserveCapacity(instances.count * first.rows * first.columns * first.samplesPerPixel * first.frames)
        var depth = 0
        for instance in ordered {
            let slice = try ImageLoader.volume(from: instance)
            pixels += slice.pixels
            depth += slice.depth
        }
        let geometry = DICOMVolumeGeometry(ordered[0].header.geometry, sliceSpacing: sliceSpacing)
        return ImageVolume(width: first.columns, height: first.rows, depth: depth, channels: first.samplesPerPixel,
                           pixels: pixels, spacing: geometry.spacing, affine: geometry.affine,
                           modality: first.header.modality)
    }

    /// Sorts by position along the normal of the (shared) orientation, falling back to InstanceNumber when
    /// positions are missing; returns the slice spacing measured from the positions.
    static func order(_ instances: [DICOMInstance]) throws(ImagingError) -> ([DICOMInstance], Double?) {
        let geometries = instances.map(\.header.geometry)
        guard instances.count > 1, let orientation = geometries[0].imageOrientation,
              geometries.allSatisfy({ $0.imagePosition != nil && $0.imageOrientation != nil }) else {
            return (instances.sorted { ($0.header.instanceNumber ?? 0) < ($1.header.instanceNumber ?? 0) }, nil)
        }
        for geometry in geometries {
            guard let other = geometry.imageOrientation,
                  zip(other, orientation).allSatisfy({ abs($0 - $1) < 1e-4 }) else {
                throw .inconsistentSeries(field: "ImageOrientationPatient", detail: "slices are not parallel",
                                          fix: "Split the series by orientation (e.g. localisers) before stacking.")
            }
        }
        let normal = cross(Array(orientation[0..<3]), Array(orientation[3..<6]))
        let keyed = instances.map { instance in (instance, dot(instance.header.geometry.imagePosition ?? [], normal)) }
            .sorted { $0.1 < $1.1 }
        let gaps = zip(keyed.dropFirst(), keyed).map { $0.1 - $1.1 }
        let median = gaps.sorted()[gaps.count / 2]
        guard median > 1e-6, gaps.allSatisfy({ abs($0 - median) <= spacingTolerance * median }) else {
            throw .inconsistentSeries(field: "ImagePositionPatient",
                                      detail: "slice gaps \(gaps.min() ?? 0)...\(gaps.max() ?? 0) mm are not uniform",
                                      fix: "The series has duplicate or missing slices; re-send the complete series.")
        }
        return (keyed.map(\.0), median)
    }
}
