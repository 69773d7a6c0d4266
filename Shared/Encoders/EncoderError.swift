/// Errors say which file, parameter or image is wrong and what to do about it, because the operator who
/// configures weights is rarely the person who exported them.
public enum EncoderError: Error, CustomStringConvertible, Equatable {
    case weightsUnreadable(file: String, reason: String)
    case missingParameter(name: String, file: String, fix: String)
    case shapeMismatch(name: String, file: String, expected: [Int], found: [Int], fix: String)
    case unsupportedModel(file: String, reason: String)
    case weightsRequired(encoder: String)
    case unknownEncoder(String)
    case invalidImage(index: Int, reason: String)
    case invalidOption(String)

    public var description: String {
        switch self {
        case let .weightsUnreadable(file, reason):
            "\(file): cannot use as encoder weights: \(reason); point the weights path at a .safetensors file (see the README on converting .pth/.bin)"
        case let .missingParameter(name, file, fix):
            "\(file): no tensor '\(name)'; \(fix)"
        case let .shapeMismatch(name, file, expected, found, fix):
            "\(file): tensor '\(name)' has shape \(found), expected \(expected); \(fix)"
        case let .unsupportedModel(file, reason):
            "\(file): unsupported model: \(reason)"
        case let .weightsRequired(encoder):
            "encoder '\(encoder)' needs a weights file; configure its path or use the weight-free 'descriptor' encoder"
        case let .unknownEncoder(name):
            "unknown encoder '\(name)'; choose one of \(EncoderFactory.names.joined(separator: ", "))"
        case let .invalidImage(index, reason):
            "image \(index): \(reason)"
        case let .invalidOption(reason):
            "invalid encoder option: \(reason)"
        }
    }
}
