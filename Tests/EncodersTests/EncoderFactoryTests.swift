import Encoders
import XCTest

final class EncoderFactoryTests: XCTestCase {
    func testDescriptorNeedsNoWeights() throws {
        let encoder = try EncoderFactory.make(name: "descriptor", weightsPath: nil)
        XCTAssertEqual(encoder.name, "descriptor")
        XCTAssertEqual(encoder.weightsChecksum, "none")
        XCTAssertEqual(encoder.outputDimension, DescriptorEncoder.dimension)
    }

    func testNetworksRequireWeightsAndNamesAreChecked() {
        for name in ["resnet50", "dinov2"] {
            XCTAssertThrowsError(try EncoderFactory.make(name: name, weightsPath: nil)) {
                XCTAssertEqual($0 as? EncoderError, .weightsRequired(encoder: name))
            }
        }
        XCTAssertThrowsError(try EncoderFactory.make(name: "vgg", weightsPath: nil)) {
            XCTAssertTrue("\($0)".contains("resnet50, dinov2, descriptor"))
        }
        XCTAssertThrowsError(try EncoderFactory.make(name: "resnet50", weightsPath: "/nonexistent/w.safetensors")) {
            guard case .weightsUnreadable(let file, _) = $0 as? EncoderError else { return XCTFail("\($0)") }
            XCTAssertEqual(file, "/nonexistent/w.safetensors")
        }
    }

    func testDINOv2WithoutConfigNeedsStandardHeadWidth() throws {
        let path = try Fixtures.path("dinov2_small.safetensors")
        XCTAssertThrowsError(try EncoderFactory.make(name: "dinov2", weightsPath: path)) {
            guard case .unsupportedModel(let file, let reason) = $0 as? EncoderError else { return XCTFail("\($0)") }
            XCTAssertEqual(file, path)
            XCTAssertTrue(reason.contains("config.json"))
        }
    }

    func testNetworkOptionsAreValidated() throws {
        XCTAssertThrowsError(try EncoderFactory.make(name: "resnet50", weightsPath: Fixtures.path("resnet_small.safetensors"),
                                                     options: EncoderOptions(batchSize: 0))) {
            XCTAssertEqual($0 as? EncoderError, .invalidOption("batch size must be positive, got 0"))
        }
        XCTAssertThrowsError(try EncoderFactory.make(name: "dinov2", weightsPath: Fixtures.path("dinov2_small.safetensors"),
                                                     options: EncoderOptions(inputSide: 10, configPath: Fixtures.path("dinov2_small_config.json")))) {
            XCTAssertEqual($0 as? EncoderError, .invalidOption("input size 10×10 is below dinov2's minimum side 14"))
        }
    }
}
