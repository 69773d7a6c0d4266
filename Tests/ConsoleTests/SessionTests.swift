@testable import Console
import Crypto
import Foundation
import XCTest

final class SessionTests: XCTestCase {
    let key = SymmetricKey(size: .bits256)

    func testAnIssuedSessionVerifiesUntilItExpires() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let session = try Session.issue(user: "lead.annotator", lifetime: 3600, key: key, now: now)
        XCTAssertEqual(Session.verify(session.value, key: key, now: now.addingTimeInterval(3599))?.user, "lead.annotator")
        XCTAssertNil(Session.verify(session.value, key: key, now: now.addingTimeInterval(3600)), "expired")
        XCTAssertNil(Session.verify(session.value, key: SymmetricKey(size: .bits256), now: now), "another server's key")
    }

    func testATamperedCookieIsRefused() throws {
        let session = try Session.issue(user: "alice", lifetime: 3600, key: key)
        let parts = session.value.split(separator: ".").map(String.init)
        let forgedPayload = Base64URL.encode(Array("admin|\(Int(session.expires.timeIntervalSince1970))|x".utf8))
        XCTAssertNil(Session.verify(forgedPayload + "." + parts[1], key: key))
        var flipped = Array(session.value.utf8)
        flipped[3] = flipped[3] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        XCTAssertNil(Session.verify(String(decoding: flipped, as: UTF8.self), key: key))
        for garbage in ["", ".", "a.b.c", "%%%.%%%", "é.é"] { XCTAssertNil(Session.verify(garbage, key: key), garbage) }
    }

    func testCSRFTokensBelongToTheirSession() throws {
        let one = try Session.issue(user: "alice", lifetime: 3600, key: key)
        let two = try Session.issue(user: "alice", lifetime: 3600, key: key)
        XCTAssertNotEqual(one.value, two.value, "a nonce per session")
        XCTAssertTrue(one.acceptsCSRF(one.csrfToken(key: key), key: key))
        XCTAssertFalse(one.acceptsCSRF(two.csrfToken(key: key), key: key))
        XCTAssertFalse(one.acceptsCSRF("", key: key))
        XCTAssertFalse(one.acceptsCSRF(one.csrfToken(key: SymmetricKey(size: .bits256)), key: key))
    }

    func testUserNamesAreRestricted() {
        XCTAssertTrue(Session.isValidUser("dr.smith@radiology-1"))
        for bad in ["", "a|b", "a b", "<script>", String(repeating: "x", count: 65), "naïve"] {
            XCTAssertFalse(Session.isValidUser(bad), bad)
            XCTAssertThrowsError(try Session.issue(user: bad, lifetime: 60, key: key))
        }
    }

    func testTheTokenIsComparedByDigest() throws {
        let token = AccessToken(token: "correct horse battery")
        XCTAssertTrue(token.accepts("correct horse battery"))
        XCTAssertFalse(token.accepts("correct horse batter"))
        XCTAssertFalse(token.accepts(""))
        let hex = SHA256.hash(data: Data("correct horse battery".utf8)).map { String(format: "%02x", $0) }.joined()
        XCTAssertTrue(try AccessToken(sha256Hex: hex.uppercased()).accepts("correct horse battery"))
        XCTAssertThrowsError(try AccessToken(sha256Hex: "abc"))
        XCTAssertThrowsError(try AccessToken(sha256Hex: String(repeating: "g", count: 64)))
    }

    func testConfigurationFromTheEnvironment() throws {
        XCTAssertNil(try ConsoleConfiguration.fromEnvironment([:], host: "h", port: 1).token, "read-only by default")
        XCTAssertThrowsError(try ConsoleConfiguration.fromEnvironment(["CONSOLE_TOKEN": "short"], host: "h", port: 1))
        let configured = try ConsoleConfiguration.fromEnvironment(
            ["CONSOLE_TOKEN": "long-enough-token", "CONSOLE_SECURE_COOKIES": "1",
             "CONSOLE_SESSION_KEY": String(repeating: "k", count: 32)], host: "h", port: 1)
        XCTAssertEqual(configured.token?.accepts("long-enough-token"), true)
        XCTAssertTrue(configured.secureCookies)
        // Replicas sharing CONSOLE_SESSION_KEY accept each other's sessions.
        let replica = try ConsoleConfiguration.fromEnvironment(["CONSOLE_SESSION_KEY": String(repeating: "k", count: 32)],
                                                               host: "h", port: 1)
        let session = try Session.issue(user: "bob", lifetime: 60, key: configured.sessionKey)
        XCTAssertNotNil(Session.verify(session.value, key: replica.sessionKey))
    }

    func testFormBodies() {
        let form = FormBody("csrf=a%2Bb&reason=out+of+scope%21&empty=&flag&next=%2Fprojects%2Fx")
        XCTAssertEqual(form["csrf"], "a+b")
        XCTAssertEqual(form["reason"], "out of scope!")
        XCTAssertEqual(form["empty"], "")
        XCTAssertEqual(form["flag"], "")
        XCTAssertEqual(form["next"], "/projects/x")
        XCTAssertNil(form["missing"])
        XCTAssertEqual(FormBody("bad=%zz")["bad"], "", "malformed escapes read as empty, never as raw bytes")
    }

    func testMultipartUploads() throws {
        let boundary = "----form7"
        let body = Array(("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"mask\"; filename=\"DOE^JOHN.png\"\r\n"
            + "Content-Type: image/png\r\n\r\n").utf8) + [0x89, 0x50, 0x0D, 0x0A, 0x00] + Array("\r\n--\(boundary)--\r\n".utf8)
        let form = try FormBody(body, contentType: "multipart/form-data; boundary=\(boundary)")
        XCTAssertEqual(form["csrf"], "abc")
        XCTAssertEqual(form.files["mask"]?.bytes, [0x89, 0x50, 0x0D, 0x0A, 0x00], "binary bytes kept, CRLF inside included")
        let upload = try MaskUpload(form: form, user: "ann")
        XCTAssertEqual(upload.sourceName, "console upload by ann", "the file's own name is never kept")
        XCTAssertThrowsError(try MaskUpload(form: FormBody("csrf=abc"), user: "ann"))
        XCTAssertThrowsError(try FormBody(Array("garbage".utf8), contentType: "multipart/form-data; boundary=x"))
        XCTAssertEqual(try FormBody(Array("a=1".utf8), contentType: "application/x-www-form-urlencoded")["a"], "1")
    }

    func testRedirectsStayOnTheConsole() {
        XCTAssertEqual(Responses.localPath("/projects/a/batch", fallback: "/"), "/projects/a/batch")
        for hostile in ["//evil.example/", "https://evil.example/", "evil", "/\\evil.example", nil] {
            XCTAssertEqual(Responses.localPath(hostile, fallback: "/"), "/", hostile ?? "nil")
        }
    }
}
