import Logging
import PostgresNIO

/// Creating and dropping whole databases, for scratch databases (tests, `scanselect bench queue`). Identifiers
/// cannot be bound as parameters, so the name is checked to be a plain lower-case identifier instead.
extension PostgresClient {
    public func createDatabase(_ name: String, logger: Logger) async throws {
        try await query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(try checkedIdentifier(name))"), logger: logger)
    }

    public func dropDatabase(_ name: String, logger: Logger) async throws {
        try await query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(try checkedIdentifier(name))"), logger: logger)
    }

    /// A server setting's current value (`synchronous_commit`, …).
    public func setting(_ name: String, logger: Logger) async throws -> String? {
        for try await value in try await query("SELECT current_setting(\(name))", logger: logger).decode(String.self) {
            return value
        }
        return nil
    }
}

private func checkedIdentifier(_ name: String) throws(ConfigurationError) -> String {
    guard !name.isEmpty, name.count < 64,
          name.allSatisfy({ ($0.isASCII && $0.isLowercase) || $0.isNumber || $0 == "_" }),
          !(name.first?.isNumber ?? true)
    else {
        throw .invalid(variable: "database name", value: name, fix: "use lower-case letters, digits and _ only")
    }
    return name
}
