/// Inference of a 3-D network on volumes deeper than its training patch: windows of `window` slices overlapping
/// by half along depth, the last one flush with the end, their outputs blended with weights that fall off
/// towards each window's ends (a slice near a window's edge has seen less context). In-plane the volume is
/// already the network's size. A volume not deeper than a window runs once, padded with empty slices.
public enum SlidingWindow {
    /// First slices of the windows covering `depth` slices.
    static func starts(depth: Int, window: Int) -> [Int] {
        guard depth > window else { return [0] }
        var starts = Array(stride(from: 0, to: depth - window, by: max(1, window / 2)))
        starts.append(depth - window)
        return starts
    }

    /// Weight of slice `k` of a window: its distance from the nearer end, counted from 1.
    static func weight(_ k: Int, window: Int) -> Float { Float(min(k + 1, window - k)) }

    /// `body` maps a window [N, Cin, window, H, W] to [N, C, window, H, W]; the result is [N, C, D, H, W].
    public static func run(_ volume: Tensor, window: Int, _ body: (Tensor) -> Tensor) -> Tensor {
        let (n, inChannels, depth, h, w) = volume.ncdhw
        let plane = h * w
        let windows = starts(depth: depth, window: window)
        var output: [Float] = [], total = [Float](repeating: 0, count: depth), channels = 0
        for start in windows {
            var slab = [Float](repeating: 0, count: n * inChannels * window * plane)
            for volumeIndex in 0..<(n * inChannels) {
                for k in 0..<min(window, depth - start) {
                    let source = (volumeIndex * depth + start + k) * plane, target = (volumeIndex * window + k) * plane
                    for i in 0..<plane { slab[target + i] = volume.data[source + i] }
                }
            }
            let result = body(Tensor(shape: [n, inChannels, window, h, w], data: slab))
            if output.isEmpty {
                channels = result.shape[1]
                output = [Float](repeating: 0, count: n * channels * depth * plane)
            }
            for k in 0..<min(window, depth - start) {
                let weight = windows.count == 1 ? 1 : Self.weight(k, window: window)
                total[start + k] += weight
                for volumeIndex in 0..<(n * channels) {
                    let source = (volumeIndex * window + k) * plane, target = (volumeIndex * depth + start + k) * plane
                    for i in 0..<plane { output[target + i] += weight * result.data[source + i] }
                }
            }
        }
        for volumeIndex in 0..<(n * channels) {
            for z in 0..<depth {
                let scale = 1 / total[z], base = (volumeIndex * depth + z) * plane
                for i in 0..<plane { output[base + i] *= scale }
            }
        }
        return Tensor(shape: [n, channels, depth, h, w], data: output)
    }
}
