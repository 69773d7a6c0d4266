import Foundation
import Imaging

/// Decode throughput for `scanselect bench ingest`: how many files per second this library turns from bytes
/// on disk into pixel values, the same work the peer script times for Pillow, pydicom and nibabel.
public enum ImagingBenchmark {
    public struct Result: Sendable, Codable, Equatable {
        public let images: Int
        public let seconds: Double
        public var imagesPerSecond: Double { seconds > 0 ? Double(images) / seconds : 0 }
    }

    /// Reads and decodes every path `repetitions` times (format detected from the content); the first error
    /// aborts the run, since a benchmark over files that fail would time the error path.
    public static func decodeThroughput(paths: [String], repetitions: Int) throws(ImagingError) -> Result {
        let start = DispatchTime.now().uptimeNanoseconds
        var images = 0
        for _ in 0..<max(1, repetitions) {
            for path in paths {
                _ = try ImageLoader.load(path: path)
                images += 1
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Result(images: images, seconds: seconds)
    }
}
