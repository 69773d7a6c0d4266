import Foundation

/// The pool on the 2-D embedding map: drawn on a canvas by `map.js` from `map.json`, so 20,000 points stay smooth.
enum MapPage {
    static let statuses = ["unlabelled", "awaiting", "labelled", "skipped"]

    static func render(project: String, clusters: [Int], rounds: [Int], session: Session?) -> String {
        let body = """
            <form class="filters" id="map-filters">
            <label>Round <select name="round"><option value="all">all</option><option value="none">never picked</option>\
            \(rounds.map { "<option value=\"\($0)\">picked in \($0)</option>" }.joined())</select></label>
            <label>Cluster <select name="cluster"><option value="all">all</option>\
            \(clusters.map { "<option value=\"\($0)\">\($0)</option>" }.joined())</select></label>
            <label>Label <select name="status"><option value="all">all</option>\
            \(statuses.enumerated().map { "<option value=\"\($0.offset)\">\($0.element)</option>" }.joined())</select></label>
            <span id="map-count"></span> <span class="hint">wheel: zoom · drag: pan · picks are numbered by rank</span>
            </form>
            <div class="map-frame"><canvas id="map" width="1100" height="720" data-src="/projects/\(HTML.escape(project))/map.json"></canvas>
            <div id="map-tip" hidden></div></div>
            """
        return Layout(title: "\(project): map", project: project, session: session, scripts: ["map.js"]).render(body)
    }

    /// Flat arrays, parsed once by the browser: x, y, cluster, first round picked (-1: never), label status.
    static func json(_ rows: [MapRow]) -> String {
        var points = "", ids = "", picks = ""
        points.reserveCapacity(rows.count * 40)
        ids.reserveCapacity(rows.count * 40)
        for (index, row) in rows.enumerated() {
            let separator = index == 0 ? "" : ","
            let status = statuses.firstIndex(of: row.labelStatus) ?? 0
            // Four decimals are plenty on a 1,100-pixel canvas and keep the payload small; String(format:) is
            // far slower than interpolation at 20,000 points.
            points += separator + "\((row.x * 1e4).rounded() / 1e4),\((row.y * 1e4).rounded() / 1e4),"
                + "\(row.cluster),\(row.pickedInRound ?? -1),\(status)"
            ids += separator + "\"\(HTML.id(row.scan))\""
            if let rank = row.rank {
                picks += (picks.isEmpty ? "" : ",") + "\"\(index)\":[\(rank),\(HTML.json(row.reason ?? ""))]"
            }
        }
        return "{\"statuses\":[\(statuses.map { "\"\($0)\"" }.joined(separator: ","))],"
            + "\"points\":[\(points)],\"ids\":[\(ids)],\"picks\":{\(picks)}}"
    }
}
