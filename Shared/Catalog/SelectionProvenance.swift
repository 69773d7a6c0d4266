/// What a round's picks were computed from, as `selections` records it: the embedding (encoder and weights, so
/// picks made with other weights are never mistaken for comparable ones) and the space distances were measured in.
public struct SelectionProvenance: Sendable, Equatable {
    /// `encoder@` and the first 12 hex digits of the weights checksum; nil when no embedding took part.
    public let embedding: String?
    /// `map`, `embedding` or `model` (the round's U-Net, recorded as the embedding `unet-round-N@`); nil when the strategy measured no distances (random, entropy).
    public let space: String?

    public init(encoder: String, weightsChecksum: String, space: String?) {
        embedding = "\(encoder)@\(weightsChecksum.prefix(12))"
        self.space = space
    }

    private init() {
        embedding = nil
        space = nil
    }

    public static let none = SelectionProvenance()
}
