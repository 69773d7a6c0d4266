import Foundation

/// The Python that has the reference peers (pydicom, nibabel, numpy, Pillow): SCANSELECT_PYTHON, else the
/// system Python where Debian installs them, else `python3` in /usr/local.
public enum Python {
    /// The virtual environments scripts/install-deps makes for PyPI peers: pynetdicom over Debian's packages, and
    /// imagecodecs (High-Throughput JPEG 2000 through OpenJPH) on its own, since it needs numpy 2, and highdicom
    /// (pydicom 3) on its own, and Selenium (driving Debian's chromium) on its own.
    public static let peers = ["/opt/scanselect-peers/bin/python", "/opt/scanselect-codec-peers/bin/python",
                               "/opt/scanselect-seg-peers/bin/python", "/opt/scanselect-browser-peers/bin/python"]

    public static func interpreter(importing module: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let environment = ProcessInfo.processInfo.environment["SCANSELECT_PYTHON"]
        for candidate in ([environment, "/usr/bin/python3", "/usr/local/bin/python3"] + Self.peers).compactMap({ $0 })
        where FileManager.default.isExecutableFile(atPath: candidate) {
            if (try? run(candidate, ["-c", "import \(module)"])) != nil { return candidate }
        }
        throw Prerequisite.missing("no python3 with \(module) (install it, or set SCANSELECT_PYTHON)", file: file, line: line)
    }

    /// Runs a script of this repository (path relative to the repository root) and returns its standard output.
    @discardableResult
    public static func runScript(_ script: String, module: String, arguments: [String]) throws -> String {
        try run(interpreter(importing: module), [SharedData.repository.appendingPathComponent(script).path] + arguments)
    }

    /// Runs a program to completion; a non-zero exit throws with the end of its standard error.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        // Foundation's waitUntilExit can spin forever on Linux when called off the main thread.
        while process.isRunning { usleep(10_000) }
        guard process.terminationStatus == 0 else {
            throw ProcessFailed(description: "\(executable) \(arguments.joined(separator: " ")) failed: "
                                    + String(decoding: errorData.suffix(2000), as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }
}

public struct ProcessFailed: Error, CustomStringConvertible {
    public let description: String
}
