import Encoders
import Foundation
import XCTest

final class ChecksumTests: XCTestCase {
    func testWeightsChecksumMatchesSha256sum() throws {
        let path = try Fixtures.path("resnet_small.safetensors")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let expected = String(output.prefix(64))
        XCTAssertEqual(try WeightsFile(path: path, fix: "").checksum, expected)
    }
}
