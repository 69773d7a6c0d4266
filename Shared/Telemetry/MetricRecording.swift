import Metrics

/// Recording through swift-metrics, so a library records the same way in a service (Prometheus) and in the CLI
/// (no metrics backend: nothing happens).
extension MetricName {
    public func increment(by amount: Int = 1, _ dimensions: [(String, String)]) {
        Counter(label: rawValue, dimensions: dimensions).increment(by: amount)
    }

    public func record(seconds: Double, _ dimensions: [(String, String)]) {
        Timer(label: rawValue, dimensions: dimensions, preferredDisplayUnit: .seconds).recordSeconds(seconds)
    }

    public func set(_ value: Double, _ dimensions: [(String, String)]) {
        Gauge(label: rawValue, dimensions: dimensions).record(value)
    }

    /// Creates the series without recording anything, so it is exported (as zero) before its first event.
    public func register(_ dimensions: [(String, String)]) {
        switch kind {
        case .counter: increment(by: 0, dimensions)
        case .gauge: set(0, dimensions)
        case .durationHistogram: _ = Timer(label: rawValue, dimensions: dimensions, preferredDisplayUnit: .seconds)
        }
    }
}
