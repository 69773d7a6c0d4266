import Foundation
import SafeTensors
import XCTest

/// Finds the read-only shared folder: $SCANSELECT_SHARED, ../shared from the working directory (CI), or
/// a sibling "shared/fixtures" of any folder above this source file.
enum SharedFixtures {
    static func directory() throws -> String {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["SCANSELECT_SHARED"], fm.fileExists(atPath: env + "/fixtures") {
            return env
        }
        let relative = fm.currentDirectoryPath + "/../shared"
        if fm.fileExists(atPath: relative + "/fixtures") { return relative }
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            let candidate = url.appendingPathComponent("shared")
            if fm.fileExists(atPath: candidate.path + "/fixtures") { return candidate.path }
            url.deleteLastPathComponent()
        }
        throw XCTSkip("shared fixtures not found; set SCANSELECT_SHARED")
    }

    static func file(_ name: String) throws -> SafeTensorsFile {
        try SafeTensorsFile(contentsOf: directory() + "/fixtures/" + name)
    }
}

/// max|a − b| / max(max|b|, floor): the error relative to the reference's scale, so that near-zero entries
/// of a tensor do not dominate. `floor` stands in for references that are analytically zero.
func relativeError(_ a: [Float], _ b: [Float], floor: Float = 1e-12) -> Float {
    precondition(a.count == b.count, "compared arrays differ in length: \(a.count) vs \(b.count)")
    var difference: Float = 0, scale: Float = 0
    for (x, y) in zip(a, b) {
        difference = max(difference, abs(x - y))
        scale = max(scale, abs(y))
    }
    return difference / max(scale, floor)
}
