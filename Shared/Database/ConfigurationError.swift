/// A start-up error that names the environment variable (or flag) to fix.
public enum ConfigurationError: Error, CustomStringConvertible, Equatable {
    case missing(variable: String, fix: String)
    case invalid(variable: String, value: String, fix: String)

    public var description: String {
        switch self {
        case let .missing(variable, fix): "\(variable) is not set: \(fix)"
        case let .invalid(variable, value, fix): "\(variable)=\(value) is invalid: \(fix)"
        }
    }
}
