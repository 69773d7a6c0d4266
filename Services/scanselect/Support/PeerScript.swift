import Foundation

/// Runs a Python peer benchmark (PyTorch, Pillow, pydicom …) from Tests/*Reference and reads the JSON
/// object it prints last. Peers are optional: without them the benchmark reports ScanSelect alone.
enum PeerScript {
    /// The repository folder holding the peer scripts: next to the binary's checkout, or the working directory.
    static func path(_ relative: String) -> String? {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var candidates = [FileManager.default.currentDirectoryPath]
        var directory = binary.deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(directory.path)
            directory = directory.deletingLastPathComponent()
        }
        return candidates.map { "\($0)/\(relative)" }.first { FileManager.default.fileExists(atPath: $0) }
    }

    static func run(python: String, script relative: String, arguments: [String]) -> [String: Any]? {
        guard let script = path(relative) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        // The whole output when the script pretty-prints its JSON, else its last line.
        let text = String(decoding: data, as: UTF8.self)
        return [Substring(text), text.split(separator: "\n").last ?? ""].lazy.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.first
    }
}
