import Foundation
import TestSupport
import XCTest

/// `scanselect chaos`, shortened: a few dozen phantoms, one active-learning round, a fault every 2 s (services
/// SIGKILLed, PostgreSQL restarted twice, the store's tmpfs filled once), checked against the same run without
/// faults. The full soak is a command; its output is in README.
final class ChaosSoakTests: XCTestCase {
    func testAShortSoakLosesNothingAndPicksAsWithoutFaults() throws {
        let work = NSTemporaryDirectory() + "chaos-\(UUID().uuidString.prefix(8))"
        let output = work + "-output.txt"
        FileManager.default.createFile(atPath: output, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestPaths.executable("scanselect"))
        process.arguments = ["chaos", "--scans", "24", "--rounds", "1", "--every", "2", "--epochs", "3",
                             "--store-megabytes", "128", "--timeout", "300", "--work", work]
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["SCANSELECT_SCHEMAS"] = TestPaths.repository + "/schemas"
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        // The command has its own timeouts; this one keeps a soak that hangs anyway from holding up the suite.
        let limit = Date().addingTimeInterval(900)
        while process.isRunning && Date() < limit { Thread.sleep(forTimeInterval: 1) }
        if process.isRunning {
            process.terminate()
            Thread.sleep(forTimeInterval: 5)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            stopStrays(work: work)
            XCTFail("the soak did not finish within 900 s")
        }
        process.waitUntilExit()
        try handle.close()
        let text = try String(contentsOfFile: output, encoding: .utf8)
        print(text.split(separator: "\n").filter { !$0.contains("SIGKILL") }.joined(separator: "\n"))
        XCTAssertEqual(process.terminationStatus, 0, text)
        for line in ["jobs lost: 0", "results recorded twice: 0", "scans ingested twice: 0", "scans lost: 0",
                     "rounds stuck: 0", "selections differing from the run without faults: 0", "PASSED"] {
            XCTAssertTrue(text.contains(line), "missing '\(line)':\n\(text)")
        }
        XCTAssertTrue(text.contains("2 PostgreSQL restarts"), text)
        if getuid() == 0 { XCTAssertTrue(text.contains("1 full disk") && !text.contains("skipped"), text) }
        let kills = text.split(separator: "\n").filter { $0.contains("fault: SIGKILL") }.count
        XCTAssertGreaterThan(kills, 0, text)
        try? FileManager.default.removeItem(atPath: work)
    }

    /// A hung soak's private PostgreSQL (its data folder is under `work`) and store mount, so nothing outlives it.
    private func stopStrays(work: String) {
        for (tool, arguments) in [("/usr/bin/pkill", ["-KILL", "-f", work]), ("/bin/umount", ["-l", work + "/faults/store"]),
                                  ("/bin/umount", ["-l", work + "/clean/store"])] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            try? process.run()
            process.waitUntilExit()
        }
    }
}
