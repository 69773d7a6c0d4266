/// Every error names the file (or "<memory>") so that the operator knows what to replace.
public enum SafeTensorsError: Error, CustomStringConvertible, Equatable {
    case truncated(source: String, expectedBytes: Int, actualBytes: Int)
    case badHeader(source: String, reason: String)
    case missingTensor(source: String, name: String, available: [String])
    case dtypeMismatch(source: String, name: String, expected: String, found: DType)
    case shapeMismatch(source: String, name: String, expected: [Int], found: [Int])
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case let .truncated(source, expected, actual):
            "\(source): safetensors file is truncated (needs \(expected) bytes, has \(actual)); rewrite or re-export it"
        case let .badHeader(source, reason):
            "\(source): invalid safetensors header: \(reason); the file is corrupt or not a safetensors file"
        case let .missingTensor(source, name, available):
            "\(source): no tensor named '\(name)' (has \(available.count) tensors, e.g. \(available.prefix(5).joined(separator: ", "))); check that the weights match the configured architecture"
        case let .dtypeMismatch(source, name, expected, found):
            "\(source): tensor '\(name)' has dtype \(found.rawValue), expected \(expected)"
        case let .shapeMismatch(source, name, expected, found):
            "\(source): tensor '\(name)' has shape \(found), expected \(expected); check the model configuration"
        case let .io(path, reason):
            "\(path): \(reason)"
        }
    }
}
