@testable import Console
import Foundation
import XCTest

final class RenderingTests: XCTestCase {
    func testHTMLEscapesEverythingThatCouldOpenMarkup() {
        XCTAssertEqual(HTML.escape(#"<img src=x onerror="a('b')">&"#), "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;")
        XCTAssertEqual(HTML.json("a\"b\\c\n</script>\u{01}"), #""a\"b\\c\n\u003c/script>\u0001""#)
    }

    func testWindowLevelInOriginalUnits() {
        // Normalised 0…1 over a CT clip range of -1000…1000 HU; a lung window (W 1500, L -600).
        let plane: [Float] = [0, 0.2, 0.5, 1]   // -1000, -600, 0, 1000 HU
        let full = ScanRendering.windowed(plane, clipLow: -1000, clipHigh: 1000, window: nil, level: nil)
        XCTAssertEqual(full, plane, "no window shows the clip range as is")
        let lung = ScanRendering.windowed(plane, clipLow: -1000, clipHigh: 1000, window: 1500, level: -600)
        XCTAssertEqual(lung[0], Float(-1000 - -1350) / 1500, accuracy: 1e-6)
        XCTAssertEqual(lung[1], 0.5, accuracy: 1e-6)
        XCTAssertEqual(lung[3], 1, "above the window saturates")
    }

    func testOverlaysBlendOnlyWhereThereIsSomething() {
        let grey: [Float] = [0.5, 0.5]
        let labelled = ScanRendering.compose(grey: grey, overlay: .labels([0, 1]))
        XCTAssertEqual(Array(labelled[0..<3]), [128, 128, 128], "background untouched")
        XCTAssertGreaterThan(labelled[3], labelled[4], "label 1 is tinted red")
        let heat = ScanRendering.compose(grey: grey, overlay: .heat([0, 1]))
        XCTAssertEqual(Array(heat[0..<3]), [128, 128, 128], "certain pixels untouched")
        XCTAssertGreaterThan(heat[3], 200)
        XCTAssertLessThan(heat[5], 60)
    }

    func testThumbnailsAverageBoxes() {
        // 4×2 RGB: left half black, right half white; shrunk to side 2 → one black and one white pixel.
        var rgb = [UInt8](repeating: 0, count: 4 * 2 * 3)
        for y in 0..<2 { for x in 2..<4 { for c in 0..<3 { rgb[(y * 4 + x) * 3 + c] = 255 } } }
        let small = ScanRendering.shrink(rgb, width: 4, height: 2, toSide: 2)
        XCTAssertEqual(small.width, 2)
        XCTAssertEqual(small.height, 1)
        XCTAssertEqual(small.pixels, [0, 0, 0, 255, 255, 255])
        XCTAssertEqual(ScanRendering.shrink(rgb, width: 4, height: 2, toSide: 512).width, 4, "never enlarged")
    }

    func testRASSlicesAreTurnedForTheRadiologicalView() {
        // 3×2: pixel values 0…5 in every channel; turned 180° the last pixel comes first.
        let rgb = (0..<6).flatMap { [UInt8($0), UInt8($0), UInt8($0)] }
        XCTAssertEqual(ScanRendering.turnedHalfway(rgb), (0..<6).reversed().flatMap { [UInt8($0), UInt8($0), UInt8($0)] })
    }

    func testMapJSONIsWhatTheBrowserParses() throws {
        let a = UUID(), b = UUID()
        let json = MapPage.json([
            MapRow(scan: a, x: 1.5, y: -2, cluster: 3, pickedInRound: 0, rank: 2, reason: "medoid \"typical\"", labelStatus: "labelled"),
            MapRow(scan: b, x: 0, y: 0, cluster: 1, pickedInRound: nil, rank: nil, reason: nil, labelStatus: "unlabelled"),
        ])
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(object["ids"] as? [String], [a.uuidString.lowercased(), b.uuidString.lowercased()])
        XCTAssertEqual((object["points"] as? [Double])?.count, 10)
        XCTAssertEqual((object["points"] as? [Double])?[3], 0, "picked in round 0")
        XCTAssertEqual((object["points"] as? [Double])?[8], -1, "never picked")
        let picks = try XCTUnwrap(object["picks"] as? [String: [Any]])
        XCTAssertEqual(picks["0"]?[1] as? String, "medoid \"typical\"")
        XCTAssertNil(picks["1"])
    }

    func testPagesEscapeWhatTheDatabaseHolds() {
        let card = BatchCard(round: 1, rank: 1, scan: UUID(), score: 0.5, reason: "<b>bold</b>", cluster: 0,
                             strategy: "entropy", componentsJSON: #"{"entropy": 0.25, "note": "<i>"}"#, labelStatus: "awaiting",
                             preAnnotationFormat: "seg")
        let page = BatchPage.render(project: "p", cards: [card], hasModel: true, session: nil, csrf: nil)
        XCTAssertFalse(page.contains("<b>bold</b>"))
        XCTAssertTrue(page.contains("&lt;b&gt;bold&lt;/b&gt;"))
        XCTAssertFalse(page.contains("button type=\"submit\" class=\"skip\""), "no action without a session")
        let withSession = BatchPage.render(project: "p", cards: [card], hasModel: true, session: nil, csrf: "token")
        XCTAssertTrue(withSession.contains("name=\"csrf\" value=\"token\""))
    }
}
