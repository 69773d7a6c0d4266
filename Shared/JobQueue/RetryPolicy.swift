import Foundation

/// Exponential backoff with jitter: attempt n waits base·2^(n−1), capped, scaled by a random factor in
/// [0.5, 1) so that jobs which failed together do not all come back together.
public struct RetryPolicy: Sendable, Equatable {
    public var baseDelay: TimeInterval
    public var maximumDelay: TimeInterval

    public init(baseDelay: TimeInterval = 2, maximumDelay: TimeInterval = 300) {
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    public func delay(afterAttempt attempt: Int, jitter: Double = Double.random(in: 0.5..<1)) -> TimeInterval {
        let exponential = baseDelay * pow(2, Double(max(0, attempt - 1)))
        return min(maximumDelay, exponential) * jitter
    }
}
