import Foundation
import NumericSupport

/// One scan's prediction, ground truth and voxel spacing.
public struct MetricsCase: Sendable {
    public let prediction: LabelMap
    public let truth: LabelMap
    public let spacing: Spacing

    public init(prediction: LabelMap, truth: LabelMap, spacing: Spacing) {
        self.prediction = prediction
        self.truth = truth
        self.spacing = spacing
    }
}

public enum BatchMetrics {
    /// Scores every case for every label (results[case][labelIndex]), spreading cases over `workers` threads,
    /// each with its own workspace. Validates all cases before any work starts.
    public static func evaluate(_ cases: [MetricsCase], labels: [UInt8],
                                workers: Int = ProcessInfo.processInfo.activeProcessorCount)
        throws -> [[ClassMetrics]] {
        let grids = try cases.enumerated().map { index, item in
            do {
                return try VoxelGrid(prediction: item.prediction, truth: item.truth, spacing: item.spacing)
            } catch let error as MetricsError {
                throw MetricsError.caseFailed(index: index, error)
            }
        }
        var results = [[ClassMetrics]](repeating: [], count: cases.count)
        // Several chunks per worker balance uneven mask sizes; each chunk's workspace warms up once.
        results.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let output = DisjointWrites(base: base)
            parallelChunks(cases.count, chunks: max(1, workers) * 8) { _, range in
                let workspace = MetricsWorkspace()
                for index in range {
                    let item = cases[index]
                    output.base[index] = workspace.evaluate(prediction: item.prediction, truth: item.truth,
                                                            grid: grids[index], labels: labels)
                }
            }
        }
        return results
    }
}
