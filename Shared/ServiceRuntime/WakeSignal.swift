/// Wakes idle worker loops when a job notification arrives. A wait also ends after a timeout, which is the
/// polling fallback: a lost notification delays work but never loses it.
actor WakeSignal {
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextID = 0
    /// Bumped on every wake, so a loop that was busy when a notification came does not then sleep through it.
    private(set) var generation = 0

    func wait(upTo timeout: Duration, unlessWokenSince seen: Int) async {
        guard generation == seen else { return }
        let id = nextID
        nextID += 1
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.resume(id)
        }
        await withCheckedContinuation { waiters[id] = $0 }
        timer.cancel()
    }

    func wakeAll() {
        generation += 1
        let pending = waiters
        waiters.removeAll()
        for continuation in pending.values { continuation.resume() }
    }

    private func resume(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume()
    }
}
