import Ingest
import XCTest

final class MultipartStreamTests: XCTestCase {
    static let type = "multipart/related; type=\"application/dicom\"; boundary=b0und"

    /// Every part, assembled from the events of a body fed in chunks of `size`.
    static func parts(_ body: [UInt8], chunk size: Int) throws -> [[UInt8]] {
        var stream = try MultipartStream(contentType: type)
        var (parts, current) = ([[UInt8]](), [UInt8]())
        var start = 0
        while start < body.count {
            for event in try stream.feed(Array(body[start..<min(body.count, start + size)])) {
                switch event {
                case .begin: current = []
                case let .data(bytes): current += bytes
                case .end: parts.append(current)
                }
            }
            start += size
        }
        try stream.finish()
        return parts
    }

    func testPartsAreTheSameWhereverTheChunksAreCut() throws {
        // Bodies that hold near-delimiters: CRLF, dashes, the boundary without its CRLF, and CRLF--b0un cut short.
        let parts: [[UInt8]] = [Array("\r\n--b0un\r\n--b0unX--b0und".utf8), [], Array(repeating: 0x2D, count: 40),
                                Array("last\r\n".utf8)]
        let body = Array("preamble to ignore\r\n".utf8) + Multipart.body(parts, boundary: "b0und") + Array("epilogue".utf8)
        for size in 1...body.count {
            XCTAssertEqual(try Self.parts(body, chunk: size), parts, "chunks of \(size)")
        }
        XCTAssertEqual(try Multipart.parts(body, contentType: Self.type).map(\.body), parts)
    }

    func testHeadersPaddingAndAPartWithoutHeaders() throws {
        var stream = try MultipartStream(contentType: Self.type)
        let body = Array("--b0und  \r\nContent-Type: application/dicom\r\nX-Note:  a:b \r\n\r\nONE\r\n--b0und\r\n\r\nTWO\r\n--b0und--".utf8)
        let events = try stream.feed(body)
        try stream.finish()
        XCTAssertEqual(events, [.begin(headers: ["content-type": "application/dicom", "x-note": "a:b"]), .data(Array("ONE".utf8)),
                                .end, .begin(headers: [:]), .data(Array("TWO".utf8)), .end])
    }

    func testMalformedBodiesAreRefusedWithTheirReason() throws {
        func failure(_ body: String, type: String = MultipartStreamTests.type) -> String {
            do {
                var stream = try MultipartStream(contentType: type)
                _ = try stream.feed(Array(body.utf8))
                try stream.finish()
                return "accepted"
            } catch {
                return error.description
            }
        }
        XCTAssertTrue(failure("no delimiter at all").contains("no part delimited"))
        XCTAssertTrue(failure("--b0und\r\n\r\ncut short").contains("cut short"))
        XCTAssertTrue(failure("--b0undX\r\n").contains("neither CRLF nor"))
        XCTAssertTrue(failure("--b0und\r\n" + String(repeating: "h", count: MultipartStream.maxHeaderBytes + 1)).contains("headers exceed"))
        XCTAssertTrue(failure("", type: "application/dicom").contains("expected multipart/related"))
        XCTAssertTrue(failure("", type: "multipart/related").contains("no boundary"))
    }
}
