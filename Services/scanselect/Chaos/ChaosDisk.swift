import Foundation

/// The store on a size-limited filesystem (a tmpfs of `megabytes`), so that it can really be filled: a failed
/// write with ENOSPC, not a simulated one. Mounting needs root; without it the store is a plain folder and the
/// disk fault is reported as skipped.
struct ChaosDisk: Sendable {
    let path: String
    let limited: Bool

    static func mount(_ path: String, megabytes: Int) throws -> ChaosDisk {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let mounted = run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0700", "tmpfs", path]) == 0
        return ChaosDisk(path: path, limited: mounted)
    }

    /// Writes a filler file until the filesystem refuses (ENOSPC), holds it `seconds`, then removes it. Returns
    /// the bytes it took to fill the disk, or nil when the store is not on a limited filesystem.
    func fill(for seconds: Double) async -> Int? {
        guard limited else { return nil }
        let filler = path + "/.chaos-filler"
        guard FileManager.default.createFile(atPath: filler, contents: nil),
              let handle = FileHandle(forWritingAtPath: filler) else { return nil }
        let chunk = Data(count: 1 << 20)
        var written = 0
        while (try? handle.write(contentsOf: chunk)) != nil { written += chunk.count }
        // The last partial chunk: fill to the very last byte.
        let small = Data(count: 4096)
        while (try? handle.write(contentsOf: small)) != nil { written += small.count }
        try? await Task.sleep(for: .seconds(seconds))
        try? handle.close()
        try? FileManager.default.removeItem(atPath: filler)
        return written
    }

    /// Lazily when a plain unmount is refused (a service killed a moment ago may still hold a file open), so
    /// that no tmpfs outlives the run.
    func unmount() {
        guard limited, Self.run("/bin/umount", [path]) != 0 else { return }
        _ = Self.run("/bin/umount", ["-l", path])
    }

    private static func run(_ executable: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
