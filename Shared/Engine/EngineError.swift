/// Errors name the parameter and the file so that an operator knows which weights do not fit which model.
public enum EngineError: Error, CustomStringConvertible, Equatable {
    case missingParameter(name: String, file: String)
    case shapeMismatch(name: String, file: String, expected: [Int], found: [Int])
    case invalidInput(String)
    case invalidCheckpoint(file: String, reason: String)

    public var description: String {
        switch self {
        case let .missingParameter(name, file):
            "\(file): no tensor '\(name)'; the weights do not match this model configuration (depth, base channels, normalisation, classes)"
        case let .shapeMismatch(name, file, expected, found):
            "\(file): tensor '\(name)' has shape \(found) but the model needs \(expected); check base channels, depth and class count"
        case let .invalidInput(reason):
            "invalid input: \(reason)"
        case let .invalidCheckpoint(file, reason):
            "\(file): unusable checkpoint: \(reason); delete it to restart training from scratch"
        }
    }
}
