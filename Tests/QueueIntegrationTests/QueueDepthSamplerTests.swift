import JobQueue
import ServiceRuntime
import XCTest

/// The sampled gauges cover every kind in every state, so an alert on a kind that never had a job has a series.
final class QueueDepthSamplerTests: XCTestCase {
    func testEveryKindAndStateIsSampledAndAbsentMeansZero() {
        let summary = [QueueSummary(kind: "embed", state: .queued, count: 7, oldestSeconds: 12.5),
                       QueueSummary(kind: "smoke", state: .dead, count: 1, oldestSeconds: nil)]
        let samples = QueueDepthSampler.samples(summary, kinds: ["embed", "train"])
        XCTAssertEqual(samples.count, 3 * JobState.allCases.count, "embed, train and the queue's own smoke kind")
        let embedQueued = samples.first { $0.kind == "embed" && $0.state == .queued }
        XCTAssertEqual(embedQueued?.count, 7)
        XCTAssertEqual(embedQueued?.oldestSeconds, 12.5)
        XCTAssertEqual(samples.first { $0.kind == "train" && $0.state == .running }?.count, 0)
        XCTAssertEqual(samples.first { $0.kind == "smoke" && $0.state == .dead }?.oldestSeconds, 0)
    }
}
