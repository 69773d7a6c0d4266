import Catalog
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
}
