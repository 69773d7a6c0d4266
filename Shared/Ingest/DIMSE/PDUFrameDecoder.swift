import NIOCore

/// One PDU as framed on the wire (type, then the body its 32-bit length announces).
public struct PDUFrame: Sendable {
    public let type: UInt8
    public let body: [UInt8]
}

/// Cuts the byte stream into PDUs. A length above what we accept is refused before any of it is buffered.
struct PDUFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = PDUFrame

    /// A-ASSOCIATE-RQ may be larger than a small negotiated P-DATA size; 64 KiB holds hundreds of contexts.
    static let associationLimit = 64 * 1024
    let maximumLength: Int

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let type = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
              let length = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt32.self) else { return .needMoreData }
        // A P-DATA-TF body is its PDVs: each has 6 bytes of header around the negotiated fragment size.
        let limit = type == 0x01 ? Self.associationLimit : maximumLength + 6
        guard Int(length) <= limit else {
            throw DIMSEError("a PDU of type 0x\(String(type, radix: 16)) announces \(length) bytes, above the \(limit) accepted")
        }
        guard buffer.readableBytes >= 6 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 6)
        guard let body = buffer.readBytes(length: Int(length)) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(PDUFrame(type: type, body: body)))
        return .continue
    }
}

/// ARTIM (PS3.8 9.1.5) until the first PDU, then the idle limit between PDUs: either expiring is reported as an
/// error, which ends the association with an A-ABORT.
final class DIMSETimeoutHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    struct Expired: Error {}

    private let artim: TimeAmount
    private let idle: TimeAmount
    private var heardFrom = false
    private var timer: Scheduled<Void>?

    init(artim: TimeAmount, idle: TimeAmount) {
        self.artim = artim
        self.idle = idle
    }

    func channelActive(context: ChannelHandlerContext) {
        schedule(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        heardFrom = true
        schedule(context)
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        context.fireChannelInactive()
    }

    private func schedule(_ context: ChannelHandlerContext) {
        timer?.cancel()
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: heardFrom ? idle : artim) {
            bound.value.fireErrorCaught(Expired())
        }
    }
}
