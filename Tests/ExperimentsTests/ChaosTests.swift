import Experiments
import XCTest

final class ChaosTests: XCTestCase {
    func testTheScheduleMeetsEveryFaultEarlyAndIsTheSameForASeed() {
        let schedule = ChaosSchedule(seed: 7)
        let faults = (1...40).map(schedule.fault(at:))
        XCTAssertEqual(faults.filter { $0 == .restartDatabase }.count, 2)
        XCTAssertEqual(faults.filter { $0 == .fillDisk }.count, 1)
        XCTAssertLessThanOrEqual(schedule.lastSpecialTick, 6, "a short soak meets them all")
        let victims = Set(faults.compactMap { fault -> String? in
            if case let .kill(service) = fault { return service }
            return nil
        })
        XCTAssertEqual(victims, Set(ChaosSchedule.services), "every service is killed in 40 ticks")
        XCTAssertEqual((1...40).map(ChaosSchedule(seed: 7).fault(at:)), faults)
        XCTAssertNotEqual((1...40).map(ChaosSchedule(seed: 8).fault(at:)), faults)
    }

    func testTheAuditCountsEachKindOfDamage() {
        var clean = ChaosAudit.Outcome()
        clean.picks = [0: ["a", "b"], 1: ["c", "d"]]
        var run = clean
        run.scansPerInput = ["a": 1, "b": 1, "c": 2, "d": 1]
        run.modelsPerRound = [0: 1, 1: 1]
        run.clusterRuns = 1
        run.labelVersions = ["a": 1, "b": 1, "c": 1, "d": 1]
        XCTAssertEqual(ChaosAudit.audit(sent: ["a", "b", "c", "d"], rounds: 2, run: run, clean: clean).scansIngestedTwice, 1)

        run.scansPerInput = ["a": 1, "b": 1, "c": 1, "d": 1]
        XCTAssertTrue(ChaosAudit.audit(sent: ["a", "b", "c", "d"], rounds: 2, run: run, clean: clean).passed)
        XCTAssertEqual(ChaosAudit.audit(sent: ["a", "b", "c", "d", "e"], rounds: 2, run: run, clean: clean).scansLost, 1)

        var broken = run
        broken.modelsPerRound = [0: 2]
        broken.labelVersions["b"] = 2
        broken.clusterRuns = 2
        broken.deadJobs = 1
        broken.unembeddedScans = 1
        broken.picks[1] = ["d", "c"]
        let audit = ChaosAudit.audit(sent: ["a", "b", "c", "d"], rounds: 2, run: broken, clean: clean)
        XCTAssertEqual(audit.resultsRecordedTwice, 3, "a second model, a second map, a label imported twice")
        XCTAssertEqual(audit.jobsLost, 3, "a dead job, a scan never embedded, round 1's model")
        XCTAssertEqual(audit.roundsStuck, 1)
        XCTAssertEqual(audit.selectionsDiffering, 1, "the same picks in another order differ")
        XCTAssertFalse(audit.passed)
    }
}
