import Ingest
import XCTest

final class BearerTokenTests: XCTestCase {
    func testTheSchemeIsCaseInsensitiveAndTheTokenExact() {
        let token = BearerToken("s3cret")
        for accepted in ["Bearer s3cret", "bearer s3cret", "BEARER  s3cret"] {
            XCTAssertTrue(token.accepts(authorization: accepted), accepted)
        }
        for refused in [nil, "", "Bearer", "Bearer ", "Bearer s3cre", "Bearer s3cret!", "Basic s3cret", "Bearers3cret",
                        "Bearer S3cret"] {
            XCTAssertFalse(token.accepts(authorization: refused), refused ?? "nil")
        }
        XCTAssertFalse(BearerToken("").accepts(authorization: "Bearer "), "an empty token accepts nobody")
    }
}
