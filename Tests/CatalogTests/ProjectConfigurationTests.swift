import Catalog
import Foundation
import XCTest

final class ProjectConfigurationTests: XCTestCase {
    func testPartialSectionsKeepTheirOtherDefaults() throws {
        let configuration = try ProjectConfiguration.decode(
            #"{"workingSize": 128, "activeLearning": {"strategy": "coreset", "maxRounds": 6}, "training": {"epochs": 7}}"#,
            source: "test.json")
        var expected = ProjectConfiguration()
        expected.workingSize = 128
        expected.activeLearning.strategy = .coreset
        expected.activeLearning.maxRounds = 6
        expected.training.epochs = 7
        XCTAssertEqual(configuration, expected)
        XCTAssertEqual(try ProjectConfiguration.decode(expected.encoded(), source: "stored"), expected)
    }

    func testAMisspelledSettingIsNamed() {
        XCTAssertThrowsError(try ProjectConfiguration.decode(#"{"training": {"epoch": 7}}"#, source: "project.json")) { error in
            let message = String(describing: error)
            XCTAssert(message.contains("training.epoch") && message.contains("project.json"), message)
        }
    }

    func testAWrongTypeNamesTheFile() {
        XCTAssertThrowsError(try ProjectConfiguration.decode(#"{"training": {"epochs": "many"}}"#, source: "project.json")) { error in
            XCTAssert(String(describing: error).contains("project.json"), "\(error)")
        }
    }

    func testNullDimensionsLetTheTrainerChooseAndAMissingKeyKeepsTheSliceNetwork() throws {
        XCTAssertEqual(try ProjectConfiguration.decode(#"{"training": {"epochs": 3}}"#, source: "t").training.dimensions, 2)
        XCTAssertNil(try ProjectConfiguration.decode(#"{"training": {"dimensions": null}}"#, source: "t").training.dimensions)
        XCTAssertEqual(try ProjectConfiguration.decode(#"{"training": {"dimensions": 3}}"#, source: "t").training.dimensions, 3)
        XCTAssertEqual(try ProjectConfiguration.decode(#"{"activeLearning": {"foregroundMargin": 2}}"#, source: "t")
            .activeLearning.foregroundMargin, 2)
    }

    func testPreprocessingSettingsAreCheckedWhenWritten() throws {
        let configured = try ProjectConfiguration.decode(
            #"{"preprocessing": {"spacing": 0.8, "intensity": "ct-window", "ctWindow": [-1000, 400]}}"#, source: "t")
        XCTAssertEqual(configured.preprocessing.spacing, 0.8)
        XCTAssertEqual(configured.preprocessing.intensity, .ctWindow)
        XCTAssertEqual(configured.preprocessing.ctWindow, [-1000, 400])
        XCTAssertNil(ProjectConfiguration().preprocessing.spacing, "by default each volume is fitted, aspect kept")
        XCTAssertEqual(ProjectConfiguration().preprocessing.intensity, .auto)
        for (json, named) in [(#"{"preprocessing": {"intensity": "zscore"}}"#, "foreground-zscore"),
                              (#"{"preprocessing": {"ctWindow": [240, -160]}}"#, "low < high"),
                              (#"{"preprocessing": {"ctWindow": [40]}}"#, "[low, high]"),
                              (#"{"preprocessing": {"spacing": -1}}"#, "preprocessing.spacing")] {
            XCTAssertThrowsError(try ProjectConfiguration.decode(json, source: "project.json"), json) { error in
                let message = String(describing: error)
                XCTAssert(message.contains(named) && message.contains("project.json"), message)
            }
        }
    }

    /// The map is rebuilt once the pool has grown by the configured fraction of the scans it was built from.
    func testTheMapRebuildIsDueAtTheConfiguredGrowth() {
        var settings = ProjectConfiguration.ColdStartSettings()
        XCTAssertFalse(settings.mapRebuildDue(builtFrom: 60, pool: 60))
        XCTAssertFalse(settings.mapRebuildDue(builtFrom: 60, pool: 89), "29 new of 60 is under one half")
        XCTAssertTrue(settings.mapRebuildDue(builtFrom: 60, pool: 90))
        XCTAssertTrue(settings.mapRebuildDue(builtFrom: 60, pool: 100))
        settings.mapRebuildGrowth = 0
        XCTAssertFalse(settings.mapRebuildDue(builtFrom: 60, pool: 1_000), "0 never rebuilds")
        settings.mapRebuildGrowth = 2
        XCTAssertFalse(settings.mapRebuildDue(builtFrom: 10, pool: 29))
        XCTAssertTrue(settings.mapRebuildDue(builtFrom: 10, pool: 30))
        XCTAssertFalse(settings.mapRebuildDue(builtFrom: 0, pool: 30), "no map yet: the cold start builds it")
    }

    func testSegmentLabelsTakeTheUsersOwnNames() throws {
        let configured = try ProjectConfiguration.decode(#"{"segmentLabels": {"Left Lung": 1, "Right Lung": 2}}"#, source: "t")
        XCTAssertEqual(configured.segmentLabels, ["Left Lung": 1, "Right Lung": 2])
        XCTAssertThrowsError(try ProjectConfiguration.decode(#"{"segmentLabel": {"x": 1}}"#, source: "t"), "the key itself is checked")
        XCTAssertThrowsError(try ProjectConfiguration.decode(#"{"segmentLabels": {"x": "one"}}"#, source: "t"))
    }

    func testARoundWithSEGsQueuesItsExportOnlyWhenTheProjectExports() throws {
        let configured = try ProjectConfiguration.decode(#"{"activeLearning": {"exportTo": "http://pacs/dicom-web"}}"#, source: "t")
        XCTAssertEqual(configured.activeLearning.exportTo, "http://pacs/dicom-web")
        XCTAssertNil(ProjectConfiguration().activeLearning.exportTo, "nothing leaves the site unless asked")
        let seg = PreAnnotationRow(scanID: UUID(), modelID: 1, outcome: .written(format: "seg", path: "p", labelledPixelsJSON: "{}",
                                                                                  sopInstanceUID: "1.2.3"))
        let png = PreAnnotationRow(scanID: UUID(), modelID: 1, outcome: .written(format: "png", path: "q", labelledPixelsJSON: "{}",
                                                                                  sopInstanceUID: nil))
        let failed = PreAnnotationRow(scanID: UUID(), modelID: 1, outcome: .failed("no model"))
        XCTAssertEqual(ExportPayload.automatic(exportTo: "http://pacs/dicom-web", round: 3, preAnnotations: [png, seg]),
                       ExportPayload(round: 3, destination: "http://pacs/dicom-web"))
        XCTAssertNil(ExportPayload.automatic(exportTo: nil, round: 3, preAnnotations: [seg]))
        XCTAssertNil(ExportPayload.automatic(exportTo: "", round: 3, preAnnotations: [seg]))
        XCTAssertNil(ExportPayload.automatic(exportTo: "http://pacs/dicom-web", round: 3, preAnnotations: [png, failed]),
                     "no SEG, nothing to send")
    }
}
