import Foundation
import TestFixtures
import XCTest
@testable import Imaging

/// Decodes every DICOM test file that ships with pydicom and compares pixels and metadata with pydicom itself.
final class DICOMConformanceTests: XCTestCase {
    static let pydicomFiles = Prerequisite.pydicomTestFiles

    func testEveryPydicomFileMatchesPydicomOrFailsWithATypedError() throws {
        let input = try TestSupport.requireFile(Self.pydicomFiles)
        let output = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        try TestSupport.runReference("dicom_reference.py", module: "pydicom", arguments: [input, output.path])
        let records = try XCTUnwrap(TestSupport.readJSON(output.appendingPathComponent("index.json")) as? [[String: Any]])

        var supported: [String] = [], unsupported: [String] = [], mismatching: [String] = [], skipped: [String] = []
        var skippedDecoded = 0
        for record in records {
            let path = try XCTUnwrap(record["path"] as? String)
            let name = URL(fileURLWithPath: path).lastPathComponent
            let status = record["status"] as? String ?? ""
            // The JPEG family is compared with GDCM, the reference decoder, in CodecConformanceTests.
            if let syntax = record["transfer_syntax"] as? String, case .compressed = DICOMTransferSyntax(uid: syntax) {
                continue
            }
            let result = Result { () throws(ImagingError) in try DICOMReader.read(path: path) }
            guard status == "ok" else {
                // pydicom has no pixels for these; ours must still end in a value or a typed error.
                skipped.append(name)
                if case .success = result { skippedDecoded += 1 }
                continue
            }
            switch result {
            case .failure(let error):
                if case let .unsupportedTransferSyntax(_, uid, _) = error {
                    unsupported.append(name)
                    XCTAssertEqual(uid, record["transfer_syntax"] as? String, name)
                    XCTAssertTrue(error.description.contains("Explicit VR Little Endian"), name)
                } else {
                    mismatching.append("\(name): pydicom decodes it, we fail: \(error)")
                }
            case .success(let instance):
                let problems = try compare(instance, with: record)
                if problems.isEmpty {
                    supported.append(name)
                } else {
                    mismatching.append("\(name): " + problems.joined(separator: "; "))
                }
            }
        }
        print("DICOM conformance vs pydicom: \(supported.count) supported and identical, \(unsupported.count) "
              + "unsupported transfer syntax, \(mismatching.count) mismatching, \(skipped.count) skipped "
              + "(pydicom gives no pixel array; we decode \(skippedDecoded) of them, the rest end in typed errors)")
        print("unsupported: \(unsupported.joined(separator: ", "))")
        XCTAssertEqual(mismatching, [], "files we claim to support must match pydicom")
        XCTAssertGreaterThan(supported.count, 35)
    }

    private func compare(_ instance: DICOMInstance, with record: [String: Any]) throws -> [String] {
        var problems: [String] = []
        func check<T: Equatable>(_ label: String, _ ours: T?, _ theirs: T?) {
            if ours != theirs { problems.append("\(label) \(String(describing: ours)) != \(String(describing: theirs))") }
        }
        check("rows", instance.rows, record["rows"] as? Int)
        check("columns", instance.columns, record["columns"] as? Int)
        check("frames", instance.frames, record["frames"] as? Int)
        check("samples", instance.samplesPerPixel, record["samples"] as? Int)
        check("modality", instance.header.modality, record["modality"] as? String)
        check("study UID", instance.header.studyInstanceUID, record["study_uid"] as? String)
        check("series UID", instance.header.seriesInstanceUID, record["series_uid"] as? String)
        check("SOP UID", instance.header.sopInstanceUID, record["sop_uid"] as? String)
        check("SOP class", instance.header.sopClassUID, record["sop_class"] as? String)
        check("series number", instance.header.seriesNumber, record["series_number"] as? Int)
        check("instance number", instance.header.instanceNumber, record["instance_number"] as? Int)
        check("pixel spacing", instance.header.geometry.pixelSpacing, record["pixel_spacing"] as? [Double])
        check("image position", instance.header.geometry.imagePosition, record["image_position"] as? [Double])
        check("slice thickness", instance.header.geometry.sliceThickness, record["slice_thickness"] as? Double)

        let stem = try XCTUnwrap(record["stem"] as? String)
        let expected = try TestSupport.readIntegers(stem + ".raw", dtype: try XCTUnwrap(record["dtype"] as? String))
        let ours = instance.pixels.int64Values()
        if ours != expected {
            let firstDifference = zip(ours, expected).enumerated().first { $0.element.0 != $0.element.1 }
            problems.append("raw pixels differ (count \(ours.count) vs \(expected.count), first at "
                            + "\(String(describing: firstDifference)))")
            return problems
        }
        let rescaled = try TestSupport.readFloat64(stem + ".rescaled")
        let ourRescaled = instance.rescaledPixels()
        let worst = zip(ourRescaled, rescaled).map { abs(Double($0) - $1) / max(1, abs($1)) }.max() ?? 0
        if ourRescaled.count != rescaled.count || worst > 1e-6 {
            problems.append("rescaled pixels differ (relative error \(worst))")
        }
        // No identifying value may leak through the safe metadata.
        for key in ["patient_name", "patient_id"] {
            if let phi = record[key] as? String, phi.count > 2,
               instance.header.safeMetadata.values.contains(where: { $0.contains(phi) }) {
                problems.append("safe metadata leaks \(key)")
            }
        }
        return problems
    }
}
