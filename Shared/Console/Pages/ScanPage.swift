import Foundation

/// One scan at working resolution with window/level and overlays, and everything that happened to it.
enum ScanPage {
    static func render(_ history: ScanHistory, request: RenderRequest, depth: Int, session: Session?, csrf: String?) -> String {
        let id = HTML.id(history.scan)
        var query = "overlay=\(request.overlay.rawValue)"
        if let window = request.window { query += "&amp;window=\(window)" }
        if let level = request.level { query += "&amp;level=\(level)" }
        if let slice = request.slice { query += "&amp;slice=\(slice)" }
        let overlays = Overlay.allCases.map {
            "<option value=\"\($0.rawValue)\"\($0 == request.overlay ? " selected" : "")>\($0.rawValue)</option>"
        }.joined()
        let sliceControl = depth > 1
            ? "<label>Slice <input type=\"number\" name=\"slice\" min=\"0\" max=\"\(depth - 1)\" value=\"\(request.slice ?? depth / 2)\"></label>"
            : ""
        let skip = history.labelStatus == "awaiting" && csrf != nil
            ? """
              <form method="post" action="/scans/\(id)/skip" class="inline">\
              <input type="hidden" name="csrf" value="\(HTML.escape(csrf ?? ""))">\
              <label>Skip because <input name="reason" value="unreadable"></label> <button type="submit" class="skip">Skip</button></form>
              """
            : ""
        let upload = csrf.map { csrf in
            """
            <form method="post" action="/scans/\(id)/label" enctype="multipart/form-data" class="inline" id="upload">\
            <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">\
            <label>Label <input type="file" name="mask" accept=".png,.nii,.gz,.dcm,image/png,application/dicom"></label> \
            <button type="submit" class="upload">Upload mask</button></form>
            """
        } ?? ""
        let body = """
            <p class="summary">Project <a href="/projects/\(HTML.escape(history.project))">\(HTML.escape(history.project))</a> · \
            \(HTML.escape(history.modality)) · working shape \(history.shape.map(String.init).joined(separator: "×")) · \
            split \(HTML.escape(history.split)) · \(HTML.escape(history.state)) · \
            <span class="badge status-\(HTML.escape(history.labelStatus))" id="label-status">\(HTML.escape(history.labelStatus))</span>\
            \(history.lastError.map { " · <span class=\"bad\">\(HTML.escape($0))</span>" } ?? "")</p>
            <section class="viewer">
            <img id="scan-image" src="/scans/\(id)/image.png?\(query)" alt="scan \(id.prefix(8))">
            <form method="get" class="filters">
            <label>Window <input type="number" step="any" name="window" value="\(request.window.map { "\($0)" } ?? "")"></label>
            <label>Level <input type="number" step="any" name="level" value="\(request.level.map { "\($0)" } ?? "")"></label>
            \(sliceControl)<label>Overlay <select name="overlay">\(overlays)</select></label>
            <button type="submit">Show</button></form>
            \(skip) \(upload)
            </section>
            <section class="columns"><div>
            <h2>Picks</h2>\(HTML.table(["round", "rank", "strategy", "score", "reason"], history.picks.map {
                ["\($0.round)", "\($0.rank)", HTML.escape($0.strategy), HTML.number($0.score, digits: 4), HTML.escape($0.reason)]
            }, id: "picks", empty: "Never picked."))
            <h2>Uncertainty by round</h2>\(HTML.table(["round", "uncertainty"], history.scores.map {
                ["\($0.round)", HTML.number($0.uncertainty, digits: 5)]
            }, empty: "Never scored."))
            <h2>Labels</h2>\(HTML.table(["version", "from", "when", "current"], history.labels.map {
                ["\($0.version)", HTML.escape($0.source), HTML.date($0.at), $0.current ? "yes" : "no"]
            }, id: "labels", empty: "No label."))
            \(history.skip.map { "<p id=\"skip\">Skipped by \(HTML.escape($0.by)) at \(HTML.date($0.at)): \(HTML.escape($0.reason))</p>" } ?? "")
            </div><div>
            <h2>Embeddings</h2>\(HTML.table(["encoder", "weights", "when"], history.embeddings.map {
                [HTML.escape($0.encoder), HTML.escape(String($0.checksum.prefix(12))), HTML.date($0.at)]
            }, empty: "Not embedded yet."))
            <h2>Clusters (per map)</h2>\(HTML.table(["map", "k", "cluster", "x", "y"], history.placements.map {
                ["\($0.clusterRun)", "\($0.k)", "\($0.cluster)", HTML.number($0.x, digits: 2), HTML.number($0.y, digits: 2)]
            }, empty: "Not on a map yet."))
            <h2>Pre-annotations</h2>\(HTML.table(["round", "format", "file or error"], history.preAnnotations.map {
                ["\($0.round)", HTML.escape($0.format ?? "–"), HTML.escape($0.path ?? $0.error ?? "")]
            }, empty: "None."))
            </div></section>
            """
        return Layout(title: "Scan \(id.prefix(8))", project: history.project, session: session).render(body)
    }
}
