import Catalog
import XCTest

/// String settings are enums: a misspelt value is refused when the configuration is written, naming the
/// setting and the values it takes.
final class ConfigurationChoiceTests: XCTestCase {
    func testMisspeltValuesAreRefusedByName() {
        let cases = [
            (#"{"coldStart": {"strategy": "papr"}}"#, "coldStart.strategy", "representative, paper"),
            (#"{"coldStart": {"space": "mapp"}}"#, "coldStart.space", "map, embedding"),
            (#"{"activeLearning": {"strategy": "entropy diversity"}}"#, "activeLearning.strategy", "entropy+diversity"),
            (#"{"activeLearning": {"measure": "BALD"}}"#, "activeLearning.measure", "entropy, bald"),
            (#"{"activeLearning": {"reduction": "median"}}"#, "activeLearning.reduction", "mean, max, sum"),
            (#"{"encoder": {"name": "resnet"}}"#, "encoder.name", "descriptor, resnet50, dinov2"),
        ]
        for (json, setting, allowed) in cases {
            XCTAssertThrowsError(try ProjectConfiguration.decode(json, source: "p.json"), setting) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains(setting), text)
                XCTAssertTrue(text.contains(allowed), text)
                XCTAssertTrue(text.contains("p.json"), text)
            }
        }
    }

    func testAliasesAreReadAndWrittenCanonically() throws {
        let configuration = try ProjectConfiguration.decode(
            #"{"coldStart": {"strategy": "cluster-proportional"}, "activeLearning": {"measure": "mutual-information", "passes": 4}}"#,
            source: "p.json")
        XCTAssertEqual(configuration.coldStart.strategy, .paper)
        XCTAssertEqual(configuration.activeLearning.measure, .bald)
        XCTAssertTrue(configuration.encoded().contains(#""strategy":"paper""#), configuration.encoded())
        XCTAssertEqual(try ProjectConfiguration.decode(configuration.encoded(), source: "stored"), configuration)
    }

    func testTheDefaultColdStartIsTheRobustOne() {
        XCTAssertEqual(ProjectConfiguration().coldStart.strategy, .representative)
        XCTAssertEqual(ProjectConfiguration().activeLearning.strategy, .entropyDiversity)
    }
}
