/// Every way a selection request can be malformed, with the fix spelled out, so a service can pass the
/// message straight to the user who configured the run.
public enum SelectionError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyPool
    case shapeMismatch(what: String, expected: Int, actual: Int)
    case budgetExceedsPool(budget: Int, pool: Int)
    case invalidParameter(name: String, value: String, requirement: String)
    case nonFiniteValue(what: String, row: Int)
    case missingInput(what: String, strategy: String)
    case indexOutOfRange(what: String, index: Int, count: Int)

    public var description: String {
        switch self {
        case .emptyPool:
            return "the pool of scans is empty: embed at least one scan before selecting"
        case let .shapeMismatch(what, expected, actual):
            return "\(what) has \(actual) values but \(expected) were expected: check that it covers every scan of the pool"
        case let .budgetExceedsPool(budget, pool):
            return "budget \(budget) is larger than the \(pool) scans available: lower the budget to at most \(pool)"
        case let .invalidParameter(name, value, requirement):
            return "\(name) = \(value) is invalid: it must be \(requirement)"
        case let .nonFiniteValue(what, row):
            return "\(what) row \(row) contains NaN or infinity: re-embed that scan"
        case let .missingInput(what, strategy):
            return "strategy \(strategy) needs \(what): provide it in the input"
        case let .indexOutOfRange(what, index, count):
            return "\(what) index \(index) is outside the pool of \(count) scans"
        }
    }
}
