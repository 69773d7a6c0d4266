/// Failures of the phantom generator, each saying what to change.
public enum PhantomError: Error, CustomStringConvertible, Equatable {
    case invalidShares(String)
    case invalidSize(Int)
    case invalidCount(name: String, value: Int)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidShares(shares):
            "style shares [\(shares)] are invalid: give non-negative finite shares with a positive sum"
        case let .invalidSize(size):
            "phantom size \(size) is too small: use at least \(Phantom.minimumSize) pixels"
        case let .invalidCount(name, value):
            "\(name) = \(value) is invalid: use 0 or more (and at least 1 pool phantom)"
        case let .unwritable(path, reason):
            "cannot write \(path): \(reason); check the folder exists and is writable"
        }
    }
}
