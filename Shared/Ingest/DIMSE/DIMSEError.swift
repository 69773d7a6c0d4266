/// Why an association was aborted: a peer that breaks the upper-layer protocol (PS3.8) or DIMSE (PS3.7).
public struct DIMSEError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
