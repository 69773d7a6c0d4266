import Foundation
import XCTest

/// Locates the repository, the shared data folder and the Python reference peers, wherever the tests run
/// (repo checkout in CI, a side package through symlinks on a developer machine).
enum TestSupport {
    static let repositoryRoot: URL? = {
        // The source path as compiled, and with symlinks resolved (a side package may link the test folder in).
        let source = URL(fileURLWithPath: #filePath)
        var candidates: [URL] = []
        for start in [source, source.resolvingSymlinksInPath()] {
            var directory = start.deletingLastPathComponent()
            while directory.path != "/" {
                candidates.append(directory)
                directory.deleteLastPathComponent()
            }
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        return candidates.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("Tests/ImagingReference").path)
        }
    }()

    static let sharedDirectory: URL? = {
        if let path = ProcessInfo.processInfo.environment["SCANSELECT_SHARED"] { return URL(fileURLWithPath: path) }
        let candidates = [repositoryRoot?.appendingPathComponent("../shared"),
                          URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/../shared")]
        return candidates.compactMap { $0 }.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("data").path)
        }?.standardizedFileURL
    }()

    static func sharedFile(_ relative: String) throws -> String {
        guard let shared = sharedDirectory else { throw XCTSkip("shared data folder not found (set SCANSELECT_SHARED)") }
        return shared.appendingPathComponent(relative).path
    }

    static func requireFile(_ path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("\(path) not installed") }
        return path
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("imaging-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The interpreter that has the peer libraries: SCANSELECT_PYTHON, else the system Python (where Debian
    /// installs pydicom/nibabel/Pillow), else whatever `python3` is on PATH.
    static func python(importing module: String) throws -> String {
        let environment = ProcessInfo.processInfo.environment["SCANSELECT_PYTHON"]
        for candidate in [environment, "/usr/bin/python3", "/usr/local/bin/python3"].compactMap({ $0 })
        where FileManager.default.isExecutableFile(atPath: candidate) {
            if (try? run(candidate, ["-c", "import \(module)"])) != nil { return candidate }
        }
        throw XCTSkip("no python3 with \(module) available (set SCANSELECT_PYTHON)")
    }

    /// Runs a reference script from Tests/ImagingReference and returns its standard output.
    @discardableResult
    static func runReference(_ script: String, module: String, arguments: [String]) throws -> String {
        guard let root = repositoryRoot else { throw XCTSkip("repository root not found") }
        let path = root.appendingPathComponent("Tests/ImagingReference/\(script)").path
        return try run(python(importing: module), [path] + arguments)
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "TestSupport", code: Int(process.terminationStatus), userInfo: [
                NSLocalizedDescriptionKey: "\(executable) \(arguments.joined(separator: " ")) failed: "
                    + String(decoding: errorData.suffix(2000), as: UTF8.self),
            ])
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func readJSON(_ url: URL) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    }

    /// Little-endian values of a numpy dtype written with `tofile`, widened to Int64.
    static func readIntegers(_ path: String, dtype: String) throws -> [Int64] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        func values<T: FixedWidthInteger>(_: T.Type) -> [Int64] {
            data.withUnsafeBytes { raw in
                (0..<(raw.count / MemoryLayout<T>.size)).map {
                    Int64(T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)))
                }
            }
        }
        switch dtype {
        case "uint8": return values(UInt8.self)
        case "int8": return values(Int8.self)
        case "uint16": return values(UInt16.self)
        case "int16": return values(Int16.self)
        case "uint32": return values(UInt32.self)
        case "int32": return values(Int32.self)
        case "int64": return values(Int64.self)
        default: throw NSError(domain: "TestSupport", code: 1, userInfo: [NSLocalizedDescriptionKey: "dtype \(dtype)"])
        }
    }

    static func readFloat64(_ path: String) throws -> [Double] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.withUnsafeBytes { raw in
            (0..<(raw.count / 8)).map {
                Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)))
            }
        }
    }

    static func readFloat32(_ path: String) throws -> [Float] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.withUnsafeBytes { raw in
            (0..<(raw.count / 4)).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
    }

    static func readBytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
