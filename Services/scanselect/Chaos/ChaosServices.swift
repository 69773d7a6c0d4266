import Database
import Experiments
import Foundation

/// The five services of one soak run as child processes, each restartable on its own. Killing is SIGKILL: no
/// shutdown handler runs, leases are left to expire and claims to be given back, as after a crash.
final class ChaosServices: @unchecked Sendable {
    private let lock = NSLock()
    private var processes: [String: Process] = [:]
    private let environment: [String: String]
    private let logs: String
    private(set) var kills = 0

    /// `environment` is every service's; the ingest-service's HTTP port is `stowPort`, the others get free ports.
    init(environment: [String: String], logs: String) throws {
        self.environment = environment
        self.logs = logs
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
    }

    func startAll(stowPort: Int) throws {
        for service in ChaosSchedule.services {
            try start(service, port: service == "ingest-service" ? stowPort : nil)
        }
    }

    func start(_ service: String, port: Int? = nil) throws {
        var environment = self.environment
        if let port {
            environment["HTTP_PORT"] = "\(port)"
        } else if let previous = lock.withLock({ processes[service]?.environment?["HTTP_PORT"] }) {
            environment["HTTP_PORT"] = previous  // the STOW door keeps its address across restarts
        } else {
            environment["HTTP_PORT"] = "\(try LocalPostgres.freePort())"
        }
        let process = try DevStack.launch(service, environment: environment, log: logs + "/\(service).log")
        lock.withLock { processes[service] = process }
    }

    /// SIGKILL, wait for the process to be gone, start it again.
    func crash(_ service: String) throws {
        guard let process = lock.withLock({ processes[service] }) else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        lock.withLock { kills += 1 }
        try start(service)
    }

    /// SIGTERM to all, then SIGKILL to what is left after `grace` seconds.
    func stopAll(grace: TimeInterval = 20) {
        let running = lock.withLock { Array(processes.values) }
        for process in running where process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(grace)
        while running.contains(where: \.isRunning), Date() < deadline { usleep(100_000) }
        for process in running where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        lock.withLock { processes.removeAll() }
    }
}
