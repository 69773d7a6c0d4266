/// The STOW-RS bearer check: the scheme is case-insensitive (RFC 9110 §11.1), and the token is compared over
/// its full length whatever the presented value, so the time taken says nothing about how much of it matched.
public struct BearerToken: Sendable {
    let expected: [UInt8]

    public init(_ token: String) {
        expected = Array(token.utf8)
    }

    public func accepts(authorization header: String?) -> Bool {
        guard let header, let space = header.firstIndex(of: " "),
              header[..<space].lowercased() == "bearer" else { return false }
        let presented = Array(header[header.index(after: space)...].drop { $0 == " " }.utf8)
        var difference = UInt8(truncatingIfNeeded: presented.count ^ expected.count)
        for index in expected.indices {
            difference |= expected[index] ^ (index < presented.count ? presented[index] : 0)
        }
        return difference == 0 && !expected.isEmpty
    }
}
