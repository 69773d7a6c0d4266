import CCodecs

/// The codestream family of one encapsulated frame, and which decoder reads it (README "Compressed DICOM"):
/// Debian's libjpeg-turbo for 8-bit DCT, CharLS for JPEG-LS, OpenJPEG for JPEG 2000 (High-Throughput included),
/// and this package's own decoders for lossless JPEG (process 14) and 12-bit DCT, which no Debian library reads.
enum FrameCodec: Sendable, Equatable {
    case jpegDCT
    case jpegLossless
    case jpegLS
    case jpeg2000

    /// Whether a fragment opens a new codestream (SOI for the JPEG family, SOC or the JP2 signature box for
    /// JPEG 2000); used to group fragments into frames when the file has no offset table.
    func startsCodestream(_ bytes: ArraySlice<UInt8>) -> Bool {
        let head = Array(bytes.prefix(4))
        guard head.count == 4 else { return false }
        switch self {
        case .jpegDCT, .jpegLossless, .jpegLS: return head[0] == 0xFF && head[1] == 0xD8
        case .jpeg2000: return (head[0] == 0xFF && head[1] == 0x4F) || head == [0, 0, 0, 12]
        }
    }

    /// What the codestream declares, read without decoding any pixel.
    func frameHeader(_ frame: [UInt8]) throws(CodecFailure) -> CodestreamFrame {
        switch self {
        case .jpegDCT:
            // Above 8 bits libjpeg-turbo has nothing to say; our parser reads those frames (and 8-bit progressive
            // or arithmetic ones, which it does not, fall through to libjpeg).
            if let header = try? Self.ownHeader(frame), header.bitsPerSample > 8 { return header }
            return try Self.libraryHeader(frame, ss_jpeg_header)
        case .jpegLS: return try Self.libraryHeader(frame, ss_jpegls_header)
        case .jpeg2000: return try Self.libraryHeader(frame, ss_j2k_header)
        case .jpegLossless: return try Self.ownHeader(frame)
        }
    }

    private static func ownHeader(_ frame: [UInt8]) throws(CodecFailure) -> CodestreamFrame {
        do {
            let header = try JPEGMarkerParser.frame(frame)
            return CodestreamFrame(width: header.width, height: header.height, components: header.components.count,
                                   bitsPerSample: header.precision, isSigned: false, subsampled: false)
        } catch { throw CodecFailure(error.description) }
    }

    /// Decodes one frame into `output`: `header.components` samples per pixel, interleaved, each
    /// `bytesPerSample` little-endian (two's complement for signed data), colour components as coded.
    func decode(_ frame: [UInt8], header: CodestreamFrame, bytesPerSample: Int,
                into output: UnsafeMutableRawBufferPointer) throws(CodecFailure) {
        guard let out = output.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var message = [CChar](repeating: 0, count: Int(SS_MESSAGE_SIZE))
        let status: Int32
        switch self {
        case .jpegDCT where header.bitsPerSample > 8:
            do {
                try JPEGSequentialDecoder.decode(frame, bytesPerSample: bytesPerSample, into: output)
                return
            } catch { throw CodecFailure(error.description) }
        case .jpegDCT:
            status = ss_jpeg_decode(frame, frame.count, 0, out, output.count, &message)
        case .jpegLS:
            status = ss_jpegls_decode(frame, frame.count, out, output.count, &message)
        case .jpeg2000:
            status = ss_j2k_decode(frame, frame.count, Int32(bytesPerSample), out, output.count, &message)
        case .jpegLossless:
            do {
                try JPEGLosslessDecoder.decode(frame, bytesPerSample: bytesPerSample, into: output)
                return
            } catch { throw CodecFailure(error.description) }
        }
        guard status == 0 else { throw CodecFailure(Self.text(message)) }
    }

    /// Bytes per decoded sample the library writes when left to itself (CharLS and libjpeg pick by precision).
    func libraryBytesPerSample(_ header: CodestreamFrame, allocated: Int) -> Int {
        switch self {
        case .jpegDCT: return header.bitsPerSample > 8 ? allocated : 1
        case .jpegLS: return header.bitsPerSample > 8 ? 2 : 1
        case .jpeg2000, .jpegLossless: return allocated
        }
    }

    typealias HeaderFunction = (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<ss_frame_info>?,
                                        UnsafeMutablePointer<CChar>?) -> Int32

    /// A codec library's header call, its reason kept when it refuses.
    static func libraryHeader(_ frame: [UInt8], _ function: HeaderFunction) throws(CodecFailure) -> CodestreamFrame {
        var info = ss_frame_info()
        var message = [CChar](repeating: 0, count: Int(SS_MESSAGE_SIZE))
        guard function(frame, frame.count, &info, &message) == 0 else { throw CodecFailure(text(message)) }
        return CodestreamFrame(width: Int(info.width), height: Int(info.height), components: Int(info.components),
                               bitsPerSample: Int(info.bitsPerSample), isSigned: info.isSigned != 0,
                               subsampled: info.subsampled != 0)
    }

    /// The NUL-terminated reason a codec library wrote into `message`.
    static func text(_ message: [CChar]) -> String {
        let bytes = message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return bytes.isEmpty ? "the decoder gave no reason" : String(decoding: bytes, as: UTF8.self)
    }
}

/// One frame's geometry as its codestream declares it.
struct CodestreamFrame: Sendable, Equatable {
    let width: Int
    let height: Int
    let components: Int
    let bitsPerSample: Int
    let isSigned: Bool
    let subsampled: Bool
}

/// A decoder's own words on why a codestream was refused; the caller adds the file and frame.
struct CodecFailure: Error, Sendable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
