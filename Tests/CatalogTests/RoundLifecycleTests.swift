import Catalog
import JobQueue
import XCTest

/// The round life-cycle without a database: every (state, event) pair, as postgres-nio tests its connection
/// state machine.
final class RoundLifecycleTests: XCTestCase {
    private let events: [RoundEvent] = [
        .picked(count: 3, allLabelled: false), .picked(count: 3, allLabelled: true), .picked(count: 0, allLabelled: false),
        .labelsComplete, .closeRequested, .modelTrained(isLastRound: false), .modelTrained(isLastRound: true),
        .poolScored, .batchSelected(count: 4), .batchSelected(count: 0),
    ]

    private func move(_ state: RoundState?, _ event: RoundEvent, round: Int = 2) -> RoundLifecycle.Transition? {
        try? RoundLifecycle.transition(round: round, from: state, on: event).get()
    }

    private func refusal(_ state: RoundState?, _ event: RoundEvent) -> RoundRefusal? {
        if case let .failure(refusal) = RoundLifecycle.transition(round: 2, from: state, on: event) { return refusal }
        return nil
    }

    func testTheHappyPathThroughOneRound() {
        XCTAssertEqual(move(nil, .picked(count: 3, allLabelled: false)), .init(state: .open))
        XCTAssertEqual(move(.open, .labelsComplete), .init(state: .training, enqueue: [.train(round: 2)], endsAnnotation: true))
        XCTAssertEqual(move(.training, .modelTrained(isLastRound: false)), .init(state: .scoring, enqueue: [.score(round: 2)]))
        XCTAssertEqual(move(.scoring, .poolScored), .init(state: .selecting, enqueue: [.select(round: 3)]))
        XCTAssertEqual(move(.selecting, .batchSelected(count: 4)), .init(state: .closed))
    }

    func testRoundsThatEndEarly() {
        XCTAssertEqual(move(.open, .closeRequested), .init(state: .training, enqueue: [.train(round: 2)], endsAnnotation: true))
        XCTAssertEqual(move(.training, .modelTrained(isLastRound: true)), .init(state: .closed), "the last round scores nothing")
        XCTAssertEqual(move(.selecting, .batchSelected(count: 0)), .init(state: .closed), "an exhausted pool closes the round")
        XCTAssertEqual(move(nil, .picked(count: 2, allLabelled: true)),
                       .init(state: .training, enqueue: [.train(round: 2)], endsAnnotation: true),
                       "picks that are all labelled already train at once")
    }

    /// Every pair not listed as allowed is refused, and no refusal enqueues anything.
    func testEveryOtherPairIsRefused() {
        let allowed: Set<String> = [
            "nil picked", "open labelsComplete", "open closeRequested", "training modelTrained", "scoring poolScored",
            "selecting batchSelected",
        ]
        for state in [nil] + RoundState.allCases.map(Optional.some) {
            for event in events {
                let key = "\(state.map(\.rawValue) ?? "nil") \(String(describing: event).prefix { $0 != "(" })"
                let result = RoundLifecycle.transition(round: 2, from: state, on: event)
                if allowed.contains(key), event != .picked(count: 0, allLabelled: false) {
                    XCTAssertNotNil(try? result.get(), key)
                } else {
                    XCTAssertNil(try? result.get(), key)
                }
            }
        }
    }

    func testRefusalsSayWhatHappenedAndWhatToDo() throws {
        let again = try XCTUnwrap(refusal(.training, .picked(count: 3, allLabelled: false)))
        XCTAssertEqual(again.reason, .alreadyExists)
        XCTAssertTrue(again.description.contains("never rewritten"), again.description)
        let empty = try XCTUnwrap(refusal(nil, .picked(count: 0, allLabelled: false)))
        XCTAssertEqual(empty.reason, .nothingPicked)
        let missing = try XCTUnwrap(refusal(nil, .labelsComplete))
        XCTAssertEqual(missing.reason, .noSuchRound)
        let busy = try XCTUnwrap(refusal(.training, .closeRequested))
        XCTAssertTrue(busy.description.contains("already training"), busy.description)
        XCTAssertTrue(busy.isAlreadyHandled, "a late close of a training round has nothing left to do")
        XCTAssertFalse(try XCTUnwrap(refusal(.scoring, .modelTrained(isLastRound: false))).isAlreadyHandled,
                       "a stage event out of order is an error, not a no-op")
    }

    func testEveryJobHasItsKindAndAKeyPerRound() throws {
        let scan = UUID()
        let jobs: [(PipelineJob, String)] = [
            (.embed(scan: scan), EmbedPayload.kind), (.coldStart(poolSize: 60, afterSeconds: 30), ClusterPayload.kind),
            (.train(round: 1), TrainPayload.kind), (.score(round: 1), ScorePayload.kind), (.select(round: 2), SelectPayload.kind),
        ]
        var keys = Set<String>()
        for (job, kind) in jobs {
            let entry = try job.newJob(project: "p")
            XCTAssertEqual(entry.kind, kind)
            XCTAssertEqual(entry.projectID, "p")
            keys.insert(try XCTUnwrap(entry.idempotencyKey))
        }
        XCTAssertEqual(keys.count, jobs.count)
        let delayed = try PipelineJob.coldStart(poolSize: 60, afterSeconds: 30).newJob(project: "p")
        XCTAssertGreaterThan(try XCTUnwrap(delayed.notBefore).timeIntervalSinceNow, 20, "a settling pool's check waits")
        XCTAssertNil(try PipelineJob.coldStart(poolSize: 60, afterSeconds: 0).newJob(project: "p").notBefore)
        XCTAssertNotEqual(try PipelineJob.coldStart(poolSize: 60, afterSeconds: 5, follows: 7).newJob(project: "p").idempotencyKey,
                          delayed.idempotencyKey, "a check that found the pool settling hands over to a new one")
        XCTAssertEqual(Set([EmbedPayload.kind, ClusterPayload.kind, TrainPayload.kind, ScorePayload.kind, SelectPayload.kind]).count, 5)
    }
}

/// When the automatic cold start may run: every reason to wait, in the order a user meets them.
final class ColdStartReadinessTests: XCTestCase {
    private func readiness(roundZero: RoundState? = nil, size: Int = 100, pending: Int = 0, quiet: Double = 600,
                           automatic: Bool = true, minimum: Int? = nil) -> ColdStartReadiness {
        var settings = ProjectConfiguration.ColdStartSettings()
        settings.budget = 16
        settings.settleSeconds = 300
        settings.minimumPool = minimum
        settings.automatic = automatic
        return .evaluate(.init(roundZero: roundZero, size: size, pending: pending, quietSeconds: quiet), settings: settings)
    }

    func testEachReasonToWait() {
        XCTAssertEqual(readiness(), .ready)
        XCTAssertEqual(readiness(roundZero: .training), .started(.training))
        XCTAssertEqual(readiness(automatic: false), .manual)
        XCTAssertEqual(readiness(pending: 3), .embedding(pending: 3))
        XCTAssertEqual(readiness(size: 63), .tooSmall(pool: 63, minimum: 64), "the minimum defaults to four times the budget")
        XCTAssertEqual(readiness(size: 20, minimum: 20), .ready)
        XCTAssertEqual(readiness(size: 3, minimum: 0), .tooSmall(pool: 3, minimum: 4), "t-SNE needs four scans whatever the setting")
        XCTAssertEqual(readiness(quiet: 42), .settling(quietSeconds: 42, remainingSeconds: 258))
    }

    func testTheStatusLinesSayWhatToDo() {
        XCTAssertEqual(readiness(quiet: 42).description, "pool settling: last scan 42 s ago, cold start in 258 s unless more arrive")
        XCTAssertTrue(readiness(size: 12).description.hasPrefix("pool 12 < minimum 64"))
        XCTAssertTrue(readiness(automatic: false).description.contains("scanselect coldstart"))
    }
}
