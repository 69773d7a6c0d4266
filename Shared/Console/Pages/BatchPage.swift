import Foundation

/// A round's picks as cards: rank, thumbnail (with the model's prediction where there is one), why it was
/// picked, the score's parts, and whether the annotators are done with it.
enum BatchPage {
    static func render(project: String, cards: [BatchCard], hasModel: Bool, session: Session?, csrf: String?) -> String {
        guard let round = cards.first?.round else {
            return Layout(title: "\(project): batch", project: project, session: session)
                .render("<p class=\"empty\">No picks yet: the cold start has not run.</p>")
        }
        let overlay = hasModel ? "prediction" : "none"
        let items = cards.map { card -> String in
            let id = HTML.id(card.scan)
            let components = HTML.fields(ofJSON: card.componentsJSON)
                .map { "<dt>\(HTML.escape($0.0))</dt><dd>\(HTML.escape($0.1))</dd>" }.joined()
            let skip = card.labelStatus == "awaiting" && csrf != nil
                ? """
                  <form method="post" action="/scans/\(id)/skip" class="inline">\
                  <input type="hidden" name="csrf" value="\(HTML.escape(csrf ?? ""))">\
                  <input type="hidden" name="reason" value="skipped in the console">\
                  <button type="submit" class="skip">Skip</button></form>
                  """
                : ""
            let heat = hasModel
                ? "<button type=\"button\" class=\"toggle-uncertainty\" data-scan=\"\(id)\">Uncertainty</button>" : ""
            return """
                <article class="card status-\(HTML.escape(card.labelStatus))" data-scan="\(id)">
                <header><span class="rank">#\(card.rank)</span>\
                <span class="badge status-\(HTML.escape(card.labelStatus))">\(HTML.escape(card.labelStatus))</span></header>
                <a href="/scans/\(id)"><img src="/scans/\(id)/image.png?side=256&amp;overlay=\(overlay)" \
                data-plain="/scans/\(id)/image.png?side=256&amp;overlay=\(overlay)" \
                data-uncertainty="/scans/\(id)/image.png?side=256&amp;overlay=uncertainty" \
                alt="scan \(id.prefix(8))" width="256" height="256" loading="lazy"></a>
                <p class="reason">\(HTML.escape(card.reason))</p>
                <dl class="components"><dt>score</dt><dd>\(HTML.number(card.score, digits: 4))</dd>\
                <dt>cluster</dt><dd>\(card.cluster.map(String.init) ?? "–")</dd>\(components)</dl>
                <footer>\(heat)\(skip)\(card.preAnnotationFormat.map { "<span class=\"pre\">pre-annotation: \(HTML.escape($0))</span>" } ?? "")</footer>
                </article>
                """
        }
        let body = """
            <p class="summary">Round \(round) · \(HTML.escape(cards[0].strategy)) · \(cards.count) picks · \
            \(cards.filter { $0.labelStatus == "awaiting" }.count) awaiting a label\
            \(hasModel ? " · overlays: the newest model's prediction" : "")</p>
            <div class="batch" id="batch">\(items.joined(separator: "\n"))</div>
            """
        return Layout(title: "\(project): batch of round \(round)", project: project, session: session,
                      scripts: ["batch.js"]).render(body)
    }
}
