/// How a data set is encoded. The uncompressed syntaxes, deflate, RLE and the JPEG family (see `FrameCodec`) are
/// decoded; every other registered syntax is recognised by name so the error can say exactly what the PACS sent.
enum DICOMTransferSyntax: Sendable, Equatable {
    case implicitLittle
    case explicitLittle
    case explicitBig
    case deflatedExplicitLittle
    case rleLossless
    /// Encapsulated frames, each one codestream of `codec`.
    case compressed(uid: String, codec: FrameCodec)
    case unsupported(uid: String, name: String)

    init(uid: String) {
        switch uid {
        case "1.2.840.10008.1.2": self = .implicitLittle
        case "1.2.840.10008.1.2.1": self = .explicitLittle
        case "1.2.840.10008.1.2.2": self = .explicitBig
        case "1.2.840.10008.1.2.1.99": self = .deflatedExplicitLittle
        case "1.2.840.10008.1.2.5": self = .rleLossless
        case "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51": self = .compressed(uid: uid, codec: .jpegDCT)
        case "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70": self = .compressed(uid: uid, codec: .jpegLossless)
        case "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81": self = .compressed(uid: uid, codec: .jpegLS)
        case "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202",
             "1.2.840.10008.1.2.4.203":
            self = .compressed(uid: uid, codec: .jpeg2000)
        default: self = .unsupported(uid: uid, name: Self.compressedNames[uid] ?? "unknown transfer syntax")
        }
    }

    var isExplicitVR: Bool { self != .implicitLittle }
    var isBigEndian: Bool { self == .explicitBig }

    /// Whether Pixel Data is a sequence of fragments (PS3.5 A.4) rather than native samples.
    var isEncapsulated: Bool {
        switch self {
        case .rleLossless, .compressed: return true
        default: return false
        }
    }

    private static let compressedNames: [String: String] = [
        "1.2.840.10008.1.2.4.50": "JPEG Baseline (Process 1)",
        "1.2.840.10008.1.2.4.51": "JPEG Extended (Process 2 & 4)",
        "1.2.840.10008.1.2.4.57": "JPEG Lossless, Non-Hierarchical (Process 14)",
        "1.2.840.10008.1.2.4.70": "JPEG Lossless, First-Order Prediction (Process 14 SV1)",
        "1.2.840.10008.1.2.4.80": "JPEG-LS Lossless",
        "1.2.840.10008.1.2.4.81": "JPEG-LS Lossy (Near-Lossless)",
        "1.2.840.10008.1.2.4.90": "JPEG 2000 Lossless Only",
        "1.2.840.10008.1.2.4.91": "JPEG 2000",
        "1.2.840.10008.1.2.4.92": "JPEG 2000 Part 2 Multi-component Lossless Only",
        "1.2.840.10008.1.2.4.93": "JPEG 2000 Part 2 Multi-component",
        "1.2.840.10008.1.2.4.94": "JPIP Referenced",
        "1.2.840.10008.1.2.4.95": "JPIP Referenced Deflate",
        "1.2.840.10008.1.2.4.100": "MPEG2 Main Profile / Main Level",
        "1.2.840.10008.1.2.4.101": "MPEG2 Main Profile / High Level",
        "1.2.840.10008.1.2.4.102": "MPEG-4 AVC/H.264 High Profile",
        "1.2.840.10008.1.2.4.103": "MPEG-4 AVC/H.264 BD-compatible High Profile",
        "1.2.840.10008.1.2.4.104": "MPEG-4 AVC/H.264 High Profile for 2D Video",
        "1.2.840.10008.1.2.4.105": "MPEG-4 AVC/H.264 High Profile for 3D Video",
        "1.2.840.10008.1.2.4.106": "MPEG-4 AVC/H.264 Stereo High Profile",
        "1.2.840.10008.1.2.4.107": "HEVC/H.265 Main Profile",
        "1.2.840.10008.1.2.4.108": "HEVC/H.265 Main 10 Profile",
        "1.2.840.10008.1.2.4.201": "High-Throughput JPEG 2000 Lossless",
        "1.2.840.10008.1.2.4.202": "High-Throughput JPEG 2000 RPCL Lossless",
        "1.2.840.10008.1.2.4.203": "High-Throughput JPEG 2000",
    ]
}

/// Which transfer syntaxes this library decodes, for a network door negotiating what a peer may send.
public enum DICOMTransferSyntaxSupport {
    public static func isDecoded(_ uid: String) -> Bool {
        if case .unsupported = DICOMTransferSyntax(uid: uid) { return false }
        return true
    }
}

/// Value representations defined in PS3.5 table 6.2-1.
enum DICOMVR {
    static let known: Set<String> = [
        "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
        "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
    ]

    /// VRs whose explicit encoding has two reserved bytes and a 32-bit length (PS3.5 section 7.1.2).
    static let longLength: Set<String> = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]
}
