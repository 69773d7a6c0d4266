import Foundation
import Imaging

/// What becomes one scan: a single file, or the instances of one multi-slice DICOM series.
public enum IngestUnit: Sendable, Equatable {
    case file(String)
    case series(uid: String, paths: [String])

    public var paths: [String] {
        switch self {
        case let .file(path): [path]
        case let .series(_, paths): paths
        }
    }
}

/// Groups files into scans. A series is multi-slice when more than one of its single-frame instances has
/// ImagePositionPatient; projection images (CR/DX, no position) and lone instances stay one scan each.
public enum SeriesGrouping {
    /// The series a file would be stacked into, or nil when it is a scan on its own (not DICOM, unreadable —
    /// its ingest will report why —, multi-frame, without a slice position, or with a Series Instance UID that is
    /// not a UID and so cannot name the series' claim folder).
    public static func stackableSeries(of path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        let prefix = [UInt8]((try? handle.read(upToCount: 512)) ?? Data())
        try? handle.close()
        guard ImageLoader.detectFormat(prefix) == .dicom, let header = try? DICOMReader.readHeader(path: path),
              let series = header.seriesInstanceUID, DICOMUID.isValid(series), header.geometry.imagePosition != nil,
              Int(header.safeMetadata["NumberOfFrames"] ?? "1") ?? 1 <= 1 else { return nil }
        return series
    }

    /// `series` maps paths to their stackable series (as `stackableSeries(of:)` gives), so callers that
    /// already know it (the drop folder caches it) do not read headers twice.
    public static func plan(_ paths: [String], series: [String: String]) -> [IngestUnit] {
        var members: [String: [String]] = [:]
        for path in paths { if let uid = series[path] { members[uid, default: []].append(path) } }
        var units: [IngestUnit] = []
        var emitted: Set<String> = []
        for path in paths {
            guard let uid = series[path], let group = members[uid], group.count > 1 else {
                units.append(.file(path))
                continue
            }
            if emitted.insert(uid).inserted { units.append(.series(uid: uid, paths: group.sorted())) }
        }
        return units
    }

    public static func plan(_ paths: [String]) -> [IngestUnit] {
        var series: [String: String] = [:]
        for path in paths { series[path] = stackableSeries(of: path) }
        return plan(paths, series: series)
    }
}
