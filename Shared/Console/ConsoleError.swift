/// What the console refuses, each with what to do instead.
public enum ConsoleError: Error, CustomStringConvertible, Equatable {
    case invalidSetting(name: String, value: String, fix: String)
    case notFound(what: String)
    case badRequest(reason: String)
    case unauthorised(reason: String)
    case imageUnavailable(scan: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidSetting(name, value, fix): "\(name) = '\(value)' is not usable: \(fix)"
        case let .notFound(what): "\(what) does not exist (it may have been deleted); go back to the projects page"
        case let .badRequest(reason): "bad request: \(reason)"
        case let .unauthorised(reason): "\(reason); log in with the console token first"
        case let .imageUnavailable(scan, reason): "no image for scan \(scan): \(reason)"
        }
    }
}
