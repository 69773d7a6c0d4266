import Foundation
import TestFixtures
import XCTest
@testable import Imaging

/// Every compressed file among pydicom's test files, and files DCMTK and GDCM make in every JPEG-family syntax,
/// decoded by us and by GDCM (the reference decoder): lossless bit-exact, lossy within one grey level, and the
/// photometric interpretation of the decoded samples the same.
final class CodecConformanceTests: XCTestCase {
    /// Lossy syntaxes, where a different IDCT rounding may move a value by one.
    static let lossy: Set<String> = ["1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.81",
                                     "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.203"]

    struct Tally {
        var identical = 0, withinOne = 0, refused = 0, mismatching = 0, referenceFails = 0
    }

    func testEveryCompressedFileMatchesGDCM() throws {
        let input = try TestSupport.requireFile(Prerequisite.pydicomTestFiles)
        for tool in ["dcmcjpeg", "dcmcjpls", "gdcmconv"] { _ = try Prerequisite.executable(tool) }
        let output = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        try TestSupport.runReference("codec_reference.py", module: "gdcm", arguments: [output.path, input])
        let records = try XCTUnwrap(TestSupport.readJSON(output.appendingPathComponent("codecs.json")) as? [[String: Any]])

        var tallies: [String: Tally] = [:], problems: [String] = []
        for record in records {
            let path = try XCTUnwrap(record["path"] as? String)
            let syntax = try XCTUnwrap(record["transfer_syntax"] as? String)
            let name = URL(fileURLWithPath: path).lastPathComponent
            let result = Result { () throws(ImagingError) in try DICOMReader.read(path: path) }
            var tally = tallies[syntax] ?? Tally()
            defer { tallies[syntax] = tally }
            guard record["status"] as? String == "ok" else {
                // GDCM cannot decode it either; ours must end in a value or a typed error, never a crash.
                tally.referenceFails += 1
                continue
            }
            switch result {
            case .failure(let error):
                tally.refused += 1
                problems.append("\(name) (\(syntax)): GDCM decodes it, we refuse: \(error)")
            case .success(let instance):
                let expected = try TestSupport.readIntegers(try XCTUnwrap(record["stem"] as? String) + ".raw",
                                                            dtype: try XCTUnwrap(record["dtype"] as? String))
                let ours = instance.pixels.int64Values()
                let worst = ours.count == expected.count ? zip(ours, expected).map { abs($0 - $1) }.max() ?? 0 : Int64.max
                let photometric = record["photometric"] as? String
                if worst == 0 && instance.photometric == photometric {
                    tally.identical += 1
                } else if worst <= 1 && Self.lossy.contains(syntax) && instance.photometric == photometric {
                    tally.withinOne += 1
                } else {
                    tally.mismatching += 1
                    problems.append("\(name) (\(syntax)): largest difference \(worst) over \(ours.count) vs "
                                    + "\(expected.count) samples, photometric \(instance.photometric) vs "
                                    + String(describing: photometric))
                }
            }
        }
        print("Compressed DICOM conformance vs GDCM (syntax: identical / within 1 / refused / mismatching / GDCM fails too):")
        for (syntax, tally) in tallies.sorted(by: { $0.key < $1.key }) {
            print("  \(syntax): \(tally.identical) / \(tally.withinOne) / \(tally.refused) / \(tally.mismatching) / "
                  + "\(tally.referenceFails)")
        }
        XCTAssertEqual(problems, [])
        XCTAssertGreaterThanOrEqual(tallies.count, 8, "every JPEG-family syntax with a Debian encoder should be exercised")
    }

    /// High-Throughput JPEG 2000 (no Debian tool encodes it): OpenJPH, through imagecodecs, encodes and decodes the
    /// reference; OpenJPEG decodes it here. Lossless, so bit-exact.
    func testHighThroughputJPEG2000MatchesOpenJPH() throws {
        let output = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        try Python.runScript("Tests/ImagingReference/htj2k_reference.py", module: "imagecodecs", arguments: [output.path])
        try TestSupport.runReference("wrap_codestreams.py", module: "pydicom",
                                     arguments: [output.path, "1.2.840.10008.1.2.4.201"])
        let records = try XCTUnwrap(TestSupport.readJSON(output.appendingPathComponent("codestreams.json")) as? [[String: Any]])
        XCTAssertEqual(records.count, 4)
        for record in records {
            let name = try XCTUnwrap(record["name"] as? String)
            let instance = try DICOMReader.read(path: try XCTUnwrap(record["path"] as? String))
            let expected = try TestSupport.readIntegers(output.appendingPathComponent(name + ".raw").path,
                                                        dtype: try XCTUnwrap(record["dtype"] as? String))
            XCTAssertEqual(instance.pixels.int64Values(), expected, name)
        }
        print("High-Throughput JPEG 2000 (.4.201) vs OpenJPH: \(records.count) files identical")
    }
}
