import Database
import Foundation
import XCTest

/// `withDeadline` must return at its deadline even when the body never notices cancellation (a query on a
/// connection whose server went away): a task group would wait for the body, and a chaos soak hung that way.
final class DeadlineTests: XCTestCase {
    func testTheDeadlineReturnsEvenWhenTheBodyIgnoresCancellation() async throws {
        let started = Date()
        do {
            _ = try await withDeadline(seconds: 0.2, operation: "a deaf query") {
                // Busy-waits without ever checking for cancellation, for far longer than the deadline.
                let end = Date().addingTimeInterval(5)
                while Date() < end { await Task.yield() }
                return 1
            }
            XCTFail("the deadline did not fire")
        } catch let error as DeadlineExceeded {
            XCTAssertEqual(error.operation, "a deaf query")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 2, "returned at the deadline, not when the body ended")
    }

    func testABodyThatFinishesInTimeGivesItsValueAndItsError() async throws {
        let value = try await withDeadline(seconds: 5, operation: "quick") { 42 }
        XCTAssertEqual(value, 42)
        struct Refused: Error {}
        do {
            _ = try await withDeadline(seconds: 5, operation: "refused") { () async throws -> Int in throw Refused() }
            XCTFail("the body's error was lost")
        } catch is Refused {}
    }

    func testCancellingTheCallerEndsTheWaitAtOnce() async throws {
        let waiting = Task {
            try await withDeadline(seconds: 30, operation: "long") { () async throws -> Int in
                let end = Date().addingTimeInterval(5)
                while Date() < end { await Task.yield() }
                return 1
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        let started = Date()
        waiting.cancel()
        do {
            _ = try await waiting.value
            XCTFail("a cancelled wait returned a value")
        } catch is CancellationError {}
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
    }
}
