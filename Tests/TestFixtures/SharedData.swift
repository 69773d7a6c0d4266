import Foundation
import XCTest

/// The one way tests find the repository and the read-only shared folder (../shared: data, fixtures).
public enum SharedData {
    /// The repository root: the folder above Tests/ that holds this file, as compiled or with symlinks resolved
    /// (a side package may link the test folders in), else the working directory.
    public static let repository: URL = {
        let source = URL(fileURLWithPath: #filePath)
        for start in [source, source.resolvingSymlinksInPath()] {
            let root = start.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            if FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) { return root }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// SCANSELECT_SHARED, else `shared` beside the repository (as CI lays it out), else ../shared from the
    /// working directory. Nil when none exists.
    public static let directory: URL? = {
        let environment = ProcessInfo.processInfo.environment["SCANSELECT_SHARED"].map { URL(fileURLWithPath: $0) }
        let candidates = [environment,
                          repository.deletingLastPathComponent().appendingPathComponent("shared"),
                          URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/../shared")]
        return candidates.compactMap { $0 }.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("fixtures").path)
                || FileManager.default.fileExists(atPath: $0.appendingPathComponent("data").path)
        }?.standardizedFileURL
    }()

    /// Where the shared folder is, or where CI would put it when it is missing (reads from there then fail with
    /// the path in the error): for tests that name files in it without a `throws` context.
    public static var expectedFolder: URL {
        directory ?? repository.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// The shared folder, or the error `Prerequisite.missing` gives (a failure in CI, a skip elsewhere).
    public static func folder(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        guard let directory else {
            throw Prerequisite.missing("the shared folder (../shared beside the repository) is not there; set SCANSELECT_SHARED",
                                       file: file, line: line)
        }
        return directory
    }

    /// A path inside the shared folder ("fixtures/unet8.safetensors", "data/cxr-lungs/manifest.csv"), which must exist.
    public static func path(_ relative: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let path = try folder(file: file, line: line).appendingPathComponent(relative).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw Prerequisite.missing("\(relative) is missing from the shared folder \(directory?.path ?? "")", file: file, line: line)
        }
        return path
    }
}

/// What a test does when something it needs from outside (shared fixtures, a peer library) is absent: in CI
/// (`CI` set, as .ci/run does) that is a failure, because CI installs everything; on a developer machine it is
/// a skip that says what to install.
public enum Prerequisite {
    public static var required: Bool {
        let value = ProcessInfo.processInfo.environment["CI"] ?? ""
        return !value.isEmpty && value != "0" && value.lowercased() != "false"
    }

    /// A file a Debian package installs (pydicom's and nibabel's test data, mricron's templates).
    public static func file(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw missing("\(path) is not installed (scripts/install-deps installs it)", file: file, line: line)
        }
        return path
    }

    /// A program a Debian package installs (dcmtk's `dcmcjpeg`, GDCM's `gdcmconv`), found in /usr/bin or /usr/local/bin.
    public static func executable(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        guard let path = ["/usr/bin/\(name)", "/usr/local/bin/\(name)"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw missing("\(name) is not installed (scripts/install-deps installs it)", file: file, line: line)
        }
        return path
    }

    /// pydicom's own test files (python3-pydicom).
    public static let pydicomTestFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files"

    public static func missing(_ what: String, file: StaticString = #filePath, line: UInt = #line) -> any Error {
        if required {
            XCTFail("CI must provide this: \(what)", file: file, line: line)
            return PrerequisiteMissing(description: what)
        }
        return XCTSkip(what)
    }
}

public struct PrerequisiteMissing: Error, CustomStringConvertible {
    public let description: String
}
