import Foundation

/// Splits a migration file into statements. PostgreSQL's extended protocol (what PostgresNIO speaks) takes
/// one statement per query, so a file with several must be cut at top-level semicolons, keeping those
/// inside quotes, dollar-quoted bodies and comments.
enum SQLScript {
    static func statements(in script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var index = script.startIndex
        var dollarTag: String?
        var inSingleQuote = false

        func peek(_ offset: Int) -> Character? {
            guard let position = script.index(index, offsetBy: offset, limitedBy: script.endIndex),
                  position < script.endIndex else { return nil }
            return script[position]
        }

        while index < script.endIndex {
            let character = script[index]
            if let tag = dollarTag {
                if script[index...].hasPrefix(tag) {
                    current += tag
                    index = script.index(index, offsetBy: tag.count)
                    dollarTag = nil
                    continue
                }
            } else if inSingleQuote {
                if character == "'" { inSingleQuote = false }
            } else if character == "-", peek(1) == "-" {
                while index < script.endIndex, script[index] != "\n" { index = script.index(after: index) }
                continue
            } else if character == "'" {
                inSingleQuote = true
            } else if character == "$", let close = script[script.index(after: index)...].firstIndex(of: "$") {
                let tag = String(script[index...close])
                if tag.dropFirst().dropLast().allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                    dollarTag = tag
                    current += tag
                    index = script.index(after: close)
                    continue
                }
            } else if character == ";" {
                let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !statement.isEmpty { statements.append(statement) }
                current = ""
                index = script.index(after: index)
                continue
            }
            current.append(character)
            index = script.index(after: index)
        }
        let tail = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !tail.isEmpty { statements.append(tail) }
        return statements
    }
}
