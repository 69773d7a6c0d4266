import Foundation
import SafeTensors
import XCTest

/// Locates ../shared/fixtures: $SCANSELECT_SHARED, else ../shared from the working directory, else a
/// `shared/fixtures` beside a folder above this file. CI always has them, so absence is a failure.
enum Fixtures {
    static func directory(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        var candidates: [String] = []
        if let shared = ProcessInfo.processInfo.environment["SCANSELECT_SHARED"] { candidates.append(shared) }
        candidates.append(FileManager.default.currentDirectoryPath + "/../shared")
        var folder = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
        while folder.path != "/" {
            candidates.append(folder.deletingLastPathComponent().appendingPathComponent("shared").path)
            folder = folder.deletingLastPathComponent()
        }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/fixtures") {
            return candidate + "/fixtures"
        }
        XCTFail("shared/fixtures not found (tried \(candidates.prefix(3))…); set SCANSELECT_SHARED to the shared folder",
                file: file, line: line)
        throw CocoaError(.fileNoSuchFile)
    }

    static func path(_ name: String) throws -> String { try directory() + "/" + name }

    static func tensors(_ name: String) throws -> SafeTensorsFile { try SafeTensorsFile(contentsOf: path(name)) }
}

/// max |actual − expected| / max |expected|: relative to the output's scale, so that entries near zero
/// do not turn rounding noise into huge ratios.
func relativeError(_ actual: [Float], _ expected: [Float]) -> Float {
    precondition(actual.count == expected.count, "\(actual.count) vs \(expected.count) values")
    var worst: Float = 0, scale: Float = 0
    for i in expected.indices {
        worst = max(worst, abs(actual[i] - expected[i]))
        scale = max(scale, abs(expected[i]))
    }
    return worst / max(scale, .leastNormalMagnitude)
}
