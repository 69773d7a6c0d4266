import Catalog
import Database
import Engine
import Foundation
import Imaging
import Ingest
import Rounds
import SafeTensors
import TensorStore
import TestFixtures
import TestSupport
import Uncertainty
import XCTest

/// Pre-annotations as DICOM SEG: ingest records what a SEG must reference, the SEG we write is read back by
/// highdicom with the same pixels and passes dciodvfy's SEG IOD check, for a radiograph and a CT series.
final class PreAnnotationTests: XCTestCase {
    struct Sources: Decodable {
        let dx: String
        let ct: [String]
        let ct_slice_uids: [String]
    }

    struct PeerReading: Decodable {
        let segment_labels: [String]
        let algorithm: String
        let study: String
        let series: String
        let modality: String
        let shape: [Int]
        let pixels: [Int]
        let errors: [String]
        let warnings: [String]
    }

    func testSEGOfASeriesAndARadiographReadsBackInHighdicomAndPassesDciodvfy() async throws {
        let (_, directory, sources, scans, _) = try await ingestSources()
        let (dx, ct) = (scans.dx, scans.ct)

        let reference = try JSONDecoder().decode(DICOMSourceReference.self, from: Data(try XCTUnwrap(ct.dicomReferenceJSON).utf8))
        XCTAssertEqual(reference.slices.map(\.sopInstanceUID), sources.ct_slice_uids, "slices in volume order, not UID order")
        XCTAssertNotEqual(ct.instanceUIDs, sources.ct_slice_uids, "the sorted UID set alone would mislabel the slices")
        XCTAssertEqual(reference.slices.compactMap(\.position).map { $0[2] }, [2.5, 5, 7.5, 10])
        XCTAssertNotNil(reference.frameOfReferenceUID)

        // Label 1 a rectangle growing with the slice, label 2 a column band; some slices without label 2.
        let (rows, columns) = (reference.rows, reference.columns)
        var mask = [UInt8](repeating: 0, count: reference.slices.count * rows * columns)
        for slice in 0..<reference.slices.count {
            for y in 0..<rows {
                for x in 0..<columns {
                    let i = (slice * rows + y) * columns + x
                    if (5...(12 + 4 * slice)).contains(y) && (3...20).contains(x) { mask[i] = 1 }
                    if slice >= 2 && x >= 40 { mask[i] = 2 }
                }
            }
        }
        let series = DICOMUID.make()
        // What a PACS files the SEG by, given here as the write-back would fetch it from the PACS.
        var context = DICOMSegmentation.Context()
        (context.patientName, context.patientID, context.studyDate, context.studyTime, context.studyID) =
            ("Test^Patient", "PID-0001", "20260101", "120000", "S1")
        let seg = try DICOMSegmentation(mask: mask, reference: reference,
                                        segments: [.init(number: 1, labelValue: 1, label: "lesion"),
                                                   .init(number: 2, labelValue: 2, label: "band")],
                                        provenance: provenance(series), context: context)
        let path = directory + "/ct.seg.dcm"
        try Data(seg.bytes).write(to: URL(fileURLWithPath: path))
        let reading = try readBack(path, sources: sources.ct_slice_uids)
        XCTAssertEqual(reading.errors, [], "dciodvfy errors")
        XCTAssertEqual(reading.warnings, [], "dciodvfy warnings")
        XCTAssertEqual(reading.shape, [4, rows, columns])
        XCTAssertEqual(reading.pixels, mask.map(Int.init), "highdicom's pixels, segments combined, equal the mask")
        XCTAssertEqual(reading.segment_labels, ["lesion", "band"])
        XCTAssertEqual(reading.study, reference.studyInstanceUID)
        XCTAssertEqual(reading.series, series)
        XCTAssertEqual(reading.modality, "SEG")

        // The radiograph: no Frame of Reference, one frame per segment.
        let dxReference = try JSONDecoder().decode(DICOMSourceReference.self, from: Data(try XCTUnwrap(dx.dicomReferenceJSON).utf8))
        XCTAssertNil(dxReference.frameOfReferenceUID)
        let dxMask = (0..<(dxReference.rows * dxReference.columns)).map { UInt8(($0 % dxReference.columns) > 45 ? 1 : 0) }
        let dxSEG = try DICOMSegmentation(mask: dxMask, reference: dxReference,
                                          segments: [.init(number: 1, labelValue: 1, label: "lung")],
                                          provenance: provenance(series))
        let dxPath = directory + "/dx.seg.dcm"
        try Data(dxSEG.bytes).write(to: URL(fileURLWithPath: dxPath))
        let dxReading = try readBack(dxPath, sources: dxReference.slices.map(\.sopInstanceUID))
        XCTAssertEqual(dxReading.errors, [], "dciodvfy errors")
        XCTAssertEqual(dxReading.pixels, dxMask.map(Int.init))
        // Without a context only the patient and study identifiers a DICOMDIR would index are missing (type 2, empty).
        XCTAssert(dxReading.warnings.allSatisfy { $0.contains("needed to build DICOMDIR") }, "\(dxReading.warnings)")

        XCTAssertThrowsError(try DICOMSegmentation(mask: Array(mask.dropLast()), reference: reference,
                                                   segments: [.init(number: 1, labelValue: 1, label: "x")],
                                                   provenance: provenance(series))) { error in
            XCTAssert("\(error)".contains("source grid"), "\(error)")
        }
    }

    /// The model's prediction, mapped to the source grid, is what the SEG holds; 2-D files get a label PNG.
    func testPredictionBecomesASEGOnTheSourceGridAndAPNGForFiles() async throws {
        let (store, directory, sources, scans, _) = try await ingestSources()
        let configuration = Self.configuration()
        let specification = try ModelSpecification(configuration)
        let network = try UNet(configuration: specification.network, seed: 7)
        let weights = try store.put(bytes: network.serializedState())
        let predictor = try await SegmentationPredictor.load(weightsAt: weights, store: store, specification: specification)
        let model = PreAnnotation.Model(project: "seg", round: 0, modelID: 1, segSeriesUID: DICOMUID.make())

        let written = try PreAnnotation.make(scans.ct, predictor: predictor, model: model, store: store)
        XCTAssertEqual(written.format, .dicomSEG)
        XCTAssertEqual(written.fileName, scans.ct.id.uuidString.lowercased() + ".seg.dcm")
        let path = directory + "/" + written.fileName
        try Data(written.bytes).write(to: URL(fileURLWithPath: path))
        let geometry = try JSONDecoder().decode(GeometryRecord.self, from: Data(scans.ct.geometryJSON.utf8))
        let classes = ScanUncertainty.predictedLabels(try predictor.predict(try store.readImage(scans.ct.tensorPath)).maps())
        let expected = geometry.labelsToOriginal(classes.map { UInt8(clamping: specification.classLabels[Int($0)]) })
        let reading = try readBack(path, sources: sources.ct_slice_uids)
        XCTAssertEqual(reading.errors, [])
        XCTAssertEqual(reading.shape, [4, geometry.originalHeight, geometry.originalWidth])
        XCTAssertEqual(reading.pixels, expected.map(Int.init), "segment n holds label value n here")
        XCTAssertEqual(written.pixelsPerLabel.values.reduce(0, +), expected.filter { $0 != 0 }.count)

        // The probabilities instead: a FRACTIONAL SEG, one segment per foreground label, which highdicom rescales
        // back to our probabilities (8 bits: within half a step of 1/255) and dciodvfy passes.
        let fractional = try PreAnnotation.probabilities(scans.ct, predictor: predictor, model: model, store: store)
        XCTAssertEqual(fractional.fileName, scans.ct.id.uuidString.lowercased() + ".prob.seg.dcm")
        let fractionalPath = directory + "/" + fractional.fileName
        try Data(fractional.bytes).write(to: URL(fileURLWithPath: fractionalPath))
        let probabilities = try JSONDecoder().decode(ProbabilityReading.self, from: Data(try Python.runScript(
            "Tests/RoundsReference/seg_peer.py", module: "highdicom",
            arguments: ["read-probabilities", fractionalPath] + sources.ct_slice_uids).utf8))
        XCTAssertEqual(probabilities.type, "FRACTIONAL")
        XCTAssertEqual(probabilities.fractional_type, "PROBABILITY")
        XCTAssertEqual(probabilities.errors, [], "dciodvfy errors")
        let prediction = try predictor.predict(try store.readImage(scans.ct.tensorPath))
        let mean = prediction.meanProbabilities()
        XCTAssertEqual(probabilities.segments.count, prediction.channels - 1, "one segment per foreground class")
        for (index, theirs) in probabilities.segments.enumerated() {
            let plane = Array(mean[((index + 1) * prediction.pixelCount)..<((index + 2) * prediction.pixelCount)])
            // Resized in-plane and turned back from RAS onto the series' own grid.
            let ours = geometry.valuesToOriginal(plane)
            XCTAssertEqual(theirs.count, ours.count)
            let worst = zip(theirs, ours).map { abs($0 - Double($1)) }.max() ?? 1
            XCTAssertLessThanOrEqual(worst, 0.5 / 255 + 1e-6, "segment \(index + 1)")
        }

        // A NIfTI volume: a .nii with the source's own affine, read back by nibabel.
        let made = try Python.runScript("Tests/RoundsReference/nifti_peer.py", module: "nibabel", arguments: ["make", directory])
        let source = try JSONDecoder().decode(NIfTISource.self, from: Data(made.utf8))
        let volume = try await Self.ingestFile(source.path, store: store)
        let nifti = try PreAnnotation.make(volume, predictor: predictor, model: model, store: store)
        XCTAssertEqual(nifti.format, .nifti)
        let niftiPath = directory + "/" + nifti.fileName
        try Data(nifti.bytes).write(to: URL(fileURLWithPath: niftiPath))
        let niftiReading = try JSONDecoder().decode(NIfTIReading.self, from: Data(
            try Python.runScript("Tests/RoundsReference/nifti_peer.py", module: "nibabel", arguments: ["read", niftiPath]).utf8))
        XCTAssertEqual(niftiReading.shape, [20, 24, 3])
        XCTAssertEqual(niftiReading.sform_code, 1)
        for (ours, theirs) in zip(niftiReading.affine, source.affine) { XCTAssertEqual(ours, theirs, accuracy: 1e-5) }
        XCTAssertEqual(niftiReading.zooms[2], 2.5, accuracy: 1e-6)
        let volumeGeometry = try JSONDecoder().decode(GeometryRecord.self, from: Data(volume.geometryJSON.utf8))
        let volumeClasses = ScanUncertainty.predictedLabels(try predictor.predict(try store.readImage(volume.tensorPath)).maps())
        XCTAssertEqual(niftiReading.data, volumeGeometry.labelsToOriginal(volumeClasses.map {
            UInt8(clamping: specification.classLabels[Int($0)])
        }).map(Int.init))

        let png = try await Self.ingestPNG(store: store, directory: directory)
        let pngMade = try PreAnnotation.make(png, predictor: predictor, model: model, store: store)
        XCTAssertEqual(pngMade.format, .png)
        let decoded = try PNGDecoder.decode(pngMade.bytes)
        XCTAssertEqual([decoded.width, decoded.height], [30, 20], "the PNG is on the source's grid")
        let probabilityPNG = try PreAnnotation.probabilities(png, predictor: predictor, model: model, store: store)
        XCTAssertEqual(probabilityPNG.fileName, png.id.uuidString.lowercased() + ".prob.png")
        let decodedProbabilities = try PNGDecoder.decode(probabilityPNG.bytes)
        XCTAssertEqual([decodedProbabilities.width, decodedProbabilities.height], [30, 20])
    }

    struct ProbabilityReading: Decodable {
        let type: String
        let fractional_type: String
        let segments: [[Double]]
        let errors: [String]
    }

    struct ToolSEGs: Decodable {
        let binary: String
        let fractional: String
        /// The fractional SEG again with RLE Lossless (encapsulated) pixel data.
        let compressed: String
        let binary_frames: Int
        let binary_labels: [Int]
        let fractional_labels: [Int]
    }

    /// SEGs as annotation tools write them (highdicom: sparse frames, a segment named for its anatomy, fractional)
    /// and as ScanSelect writes them come back as labels on the right scan, slice and pixel.
    func testSEGsFromAnAnnotationToolAndOurOwnImportAsLabels() async throws {
        let (store, directory, sources, scans, url) = try await ingestSources()
        let tool = try JSONDecoder().decode(ToolSEGs.self, from: Data(try Python.runScript(
            "Tests/RoundsReference/seg_peer.py", module: "highdicom", arguments: ["write", directory] + sources.ct).utf8))
        XCTAssertLessThan(tool.binary_frames, 2 * 4, "highdicom leaves out empty frames: a sparse SEG")
        let reference = try JSONDecoder().decode(DICOMSourceReference.self,
                                                 from: Data(try XCTUnwrap(scans.ct.dicomReferenceJSON).utf8))
        let ours = (0..<(4 * reference.rows * reference.columns)).map { UInt8($0 % 11 == 0 ? 2 : ($0 % 5 == 0 ? 1 : 0)) }
        let ourSEG = try DICOMSegmentation(mask: ours, reference: reference,
                                           segments: [.init(number: 1, labelValue: 1, label: "label 1"),
                                                      .init(number: 2, labelValue: 2, label: "label 2")],
                                           provenance: provenance(DICOMUID.make()))
        let ourPath = directory + "/ours.seg.dcm"
        try Data(ourSEG.bytes).write(to: URL(fileURLWithPath: ourPath))
        let outside = try DICOMSegmentation(mask: ours.map { $0 == 0 ? 0 : 1 }, reference: reference,
                                            segments: [.init(number: 1, labelValue: 1, label: "label 7")],
                                            provenance: provenance(DICOMUID.make()))
        let outsidePath = directory + "/outside.seg.dcm"
        try Data(outside.bytes).write(to: URL(fileURLWithPath: outsidePath))

        try await withClient(url) { client, logger in
            let importer = LabelImporter(client: client, store: store, logger: logger)
            for (path, expected) in [(tool.binary, tool.binary_labels), (tool.fractional, tool.fractional_labels),
                                     (tool.compressed, tool.fractional_labels), (ourPath, ours.map(Int.init))] {
                let imported = try await importer.importLabel(file: path, project: "seg")
                XCTAssertEqual(imported.scanID, scans.ct.id, "matched by the instances the SEG references")
                XCTAssertEqual(imported.drawnOn, "original")
                let label = try await client.withCatalog(logger: logger) { catalog in
                    try await catalog.currentLabels(project: "seg").first { $0.scanID == scans.ct.id }
                }
                let mask = try store.read(try XCTUnwrap(label?.originalTensorPath)).uint8(ScanTensorKey.originalMask)
                XCTAssertEqual(mask.map(Int.init), expected, (path as NSString).lastPathComponent)
            }
            do {
                _ = try await importer.importLabel(file: outsidePath, project: "seg")
                XCTFail("a segment outside the project's labels must be refused")
            } catch {
                XCTAssert("\(error)".contains("segment 1 'label 7'"), "\(error)")
            }

            // A project that names the tool's anatomical segment: "Liver" (segment 2) becomes label 1.
            var mapped = try await client.withCatalog(logger: logger) { try await $0.configuration(of: "seg") }
            mapped.segmentLabels = [" liver ": 1]
            let configuration = mapped
            try await client.withCatalog(logger: logger) { try await $0.createProject("seg", configuration: configuration, replace: true) }
            _ = try await importer.importLabel(file: tool.binary, project: "seg")
            let label = try await client.withCatalog(logger: logger) { catalog in
                try await catalog.currentLabels(project: "seg").first { $0.scanID == scans.ct.id }
            }
            let mask = try store.read(try XCTUnwrap(label?.originalTensorPath)).uint8(ScanTensorKey.originalMask)
            XCTAssertEqual(mask.map(Int.init), tool.binary_labels.map { $0 == 2 ? 1 : $0 }, "segmentLabels maps by name")
        }
    }

    struct NIfTIMasks: Decodable {
        let cropped: String
        let elsewhere: String
        /// The cropped mask as a gzip NRRD in LPS space, as 3D Slicer saves label maps.
        let nrrd: String
        let expected: [Int]
    }

    /// Masks from 3D Slicer or ITK-SNAP need not share the scan's grid: a cropped, x-flipped mask with its own affine
    /// lands where it was drawn, as NIfTI and as NRRD in LPS space; one whose grid misses the scan is refused.
    func testNIfTIMasksOnOtherGridsArePlacedByTheirAffines() async throws {
        let directory = NSTemporaryDirectory() + "nifti-masks-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let made = try Python.runScript("Tests/RoundsReference/nifti_peer.py", module: "nibabel", arguments: ["make", directory])
        let source = try JSONDecoder().decode(NIfTISource.self, from: Data(made.utf8))
        let masks = try JSONDecoder().decode(NIfTIMasks.self, from: Data(try Python.runScript(
            "Tests/RoundsReference/nifti_peer.py", module: "nibabel", arguments: ["masks", source.path, directory]).utf8))
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try temporaryStore()
        let configuration = Self.configuration()
        try await withClient(url) { client, logger in
            try await client.withCatalog(logger: logger) { try await $0.createProject("vol", configuration: configuration) }
            let scan = try await Ingestor(client: client, store: store, logger: logger).ingest(file: source.path, project: "vol")
            let importer = LabelImporter(client: client, store: store, logger: logger)
            let imported = try await importer.importLabel(file: masks.cropped, project: "vol", scan: scan.id.uuidString)
            XCTAssertEqual(imported.drawnOn, "original")
            let label = try await client.withCatalog(logger: logger) { try await $0.currentLabels(project: "vol").first }
            let mask = try store.read(try XCTUnwrap(label?.originalTensorPath)).uint8(ScanTensorKey.originalMask)
            XCTAssertEqual(mask.map(Int.init), masks.expected, "every labelled voxel back where it was drawn")
            _ = try await importer.importLabel(file: masks.nrrd, project: "vol", scan: scan.id.uuidString)
            let fromNRRD = try await client.withCatalog(logger: logger) { try await $0.currentLabels(project: "vol").first }
            XCTAssertEqual(fromNRRD?.version, 2)
            let nrrdMask = try store.read(try XCTUnwrap(fromNRRD?.originalTensorPath)).uint8(ScanTensorKey.originalMask)
            XCTAssertEqual(nrrdMask.map(Int.init), masks.expected, "the NRRD (LPS, gzip) lands on the same voxels")
            do {
                _ = try await importer.importLabel(file: masks.elsewhere, project: "vol", scan: scan.id.uuidString)
                XCTFail("a mask whose grid misses the scan must be refused")
            } catch let error as IngestError {
                XCTAssertEqual(error, .maskOutsideScan(file: masks.elsewhere))
                XCTAssertTrue(error.description.contains("does not overlap its scan"))
            }
        }
    }

    // MARK: Helpers

    private static func configuration() -> ProjectConfiguration {
        var configuration = ProjectConfiguration()
        configuration.workingSize = 32
        configuration.labels = [0, 1, 2]
        configuration.binary = false
        configuration.training.side = 32
        configuration.training.baseChannels = 4
        configuration.training.depth = 2
        return configuration
    }

    private func provenance(_ series: String) -> DICOMSegmentation.Provenance {
        DICOMSegmentation.Provenance(seriesInstanceUID: series, seriesNumber: 9001, seriesDescription: "test",
                                     algorithmName: "ScanSelect U-Net", algorithmVersion: "test", created: Date())
    }

    private func readBack(_ path: String, sources: [String]) throws -> PeerReading {
        let output = try Python.runScript("Tests/RoundsReference/seg_peer.py", module: "highdicom",
                                          arguments: ["read", path] + sources)
        return try JSONDecoder().decode(PeerReading.self, from: Data(output.utf8))
    }

    private func ingestSources() async throws
        -> (TensorStore, String, Sources, (dx: ScanRecord, ct: ScanRecord), DatabaseURL) {
        _ = try Prerequisite.executable("dciodvfy")
        let directory = NSTemporaryDirectory() + "seg-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let output = try Python.runScript("Tests/RoundsReference/seg_peer.py", module: "highdicom",
                                          arguments: ["make", directory])
        let sources = try JSONDecoder().decode(Sources.self, from: Data(output.utf8))
        let url = try await TestDatabase.shared.freshDatabase()
        let store = try temporaryStore()
        let configuration = Self.configuration()
        let scans = try await withClient(url) { client, logger in
            try await client.withCatalog(logger: logger) { try await $0.createProject("seg", configuration: configuration) }
            let ingestor = Ingestor(client: client, store: store, logger: logger)
            let dx = try await ingestor.ingest(file: sources.dx, project: "seg")
            let ct = try await ingestor.ingest(series: sources.ct, project: "seg")
            return try await client.withCatalog(logger: logger) { catalog in
                (dx: try await catalog.scan(dx.id), ct: try await catalog.scan(ct.id))
            }
        }
        return (store, directory, sources, scans, url)
    }

    struct NIfTISource: Decodable {
        let path: String
        let affine: [Double]
    }

    struct NIfTIReading: Decodable {
        let shape: [Int]
        let affine: [Double]
        let sform_code: Int
        let zooms: [Double]
        let data: [Int]
    }

    private static func ingestPNG(store: TensorStore, directory: String) async throws -> ScanRecord {
        let path = directory + "/photo.png"
        try PNGEncoder.write(try PNGEncoder.encodeGrey8((0..<600).map { UInt8($0 % 256) }, width: 30, height: 20), to: path)
        return try await ingestFile(path, store: store)
    }

    private static func ingestFile(_ path: String, store: TensorStore) async throws -> ScanRecord {
        let url = try await TestDatabase.shared.freshDatabase()
        let configuration = configuration()
        return try await withClient(url) { client, logger in
            try await client.withCatalog(logger: logger) { try await $0.createProject("png", configuration: configuration) }
            let scan = try await Ingestor(client: client, store: store, logger: logger).ingest(file: path, project: "png")
            return try await client.withCatalog(logger: logger) { try await $0.scan(scan.id) }
        }
    }
}
