import Foundation

/// Server-side HTML: every value that came from the database or a request goes through `escape`.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func date(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
            .timeSeparator(.colon).timeZone(separator: .omitted))
    }

    static func number(_ value: Double?, digits: Int = 3) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.\(digits)f", value)
    }

    static func id(_ scan: UUID) -> String { scan.uuidString.lowercased() }

    /// A compact, readable form of a JSON object's top-level fields (progress, score components).
    static func fields(ofJSON json: String?) -> [(String, String)] {
        guard let json, let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return [] }
        return object.keys.sorted().map { key in
            let value = object[key]
            let text: String
            switch value {
            case let integer as Int: text = String(integer)
            case let double as Double: text = String(format: "%.4g", double)
            case let string as String: text = string
            case let value?: text = "\(value)"
            case nil: text = "null"
            }
            return (key, text)
        }
    }

    static func table(_ headers: [String], _ rows: [[String]], id: String? = nil, empty: String) -> String {
        guard !rows.isEmpty else { return "<p class=\"empty\">\(escape(empty))</p>" }
        let head = headers.map { "<th>\(escape($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        return "<table\(id.map { " id=\"\($0)\"" } ?? "")><thead><tr>\(head)</tr></thead><tbody>\n\(body)\n</tbody></table>"
    }

    /// A JSON string literal (for the map's data).
    static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

/// The frame around every page: navigation, who is logged in, the page's own scripts.
struct Layout {
    var title: String
    var project: String?
    var session: Session?
    var scripts: [String] = []

    func render(_ body: String) -> String {
        let projectNav = project.map { id in
            let base = "/projects/\(HTML.escape(id))"
            return """
                <a href="\(base)">Overview</a><a href="\(base)/map">Map</a><a href="\(base)/batch">Batch</a>
                """
        } ?? ""
        let account = session.map { session in
            """
            <span class="who">\(HTML.escape(session.user))</span>
            <form method="post" action="/logout" class="inline"><button type="submit">Log out</button></form>
            """
        } ?? "<a href=\"/login\" id=\"login-link\">Log in</a>"
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) · ScanSelect</title>
            <link rel="stylesheet" href="/assets/console.css">
            </head><body>
            <header><a class="brand" href="/">ScanSelect</a><nav>\(projectNav)</nav><div class="account">\(account)</div></header>
            <main>
            <h1>\(HTML.escape(title))</h1>
            \(body)
            </main>
            <script src="/assets/console.js"></script>
            \(scripts.map { "<script src=\"/assets/\($0)\"></script>" }.joined(separator: "\n"))
            </body></html>
            """
    }
}
