/// Why a JPEG codestream was refused, in the decoder's words; `EncapsulatedDecoder` adds file and frame.
struct JPEGCodestreamError: Error, Sendable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
