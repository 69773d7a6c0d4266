import Foundation
import Selection

/// One project: the round timeline, the learning curve, the pool by state and the queue. The timeline, pool
/// and queue are fragments the page refreshes from `live.json` while jobs run.
enum OverviewPage {
    static func render(_ overview: ProjectOverview, session: Session?, csrf: String?) -> String {
        let id = overview.project.id
        let body = """
            <p class="summary">Pool \(overview.project.pool) scans, \(overview.project.labelled) of them labelled; \
            test split \(overview.project.test) scans.</p>
            <div id="live" data-src="/projects/\(HTML.escape(id))/live.json">
            <section><h2>Rounds</h2><div id="rounds">\(rounds(overview.rounds, project: id, csrf: csrf))</div></section>
            <section class="columns">
            <div><h2>Learning curve</h2><div id="curve">\(curve(overview.curve, project: id))</div></div>
            <div><h2>Pool</h2><div id="pool">\(pool(overview.pool, failures: overview.failures))</div></div>
            </section>
            <section><h2>Queue</h2><div id="queue">\(queue(overview.active, counts: overview.counts, csrf: csrf))</div></section>
            </div>
            """
        return Layout(title: id, project: id, session: session).render(body)
    }

    static func rounds(_ rounds: [RoundRow], project: String, csrf: String?) -> String {
        guard !rounds.isEmpty else {
            return "<p class=\"empty\">No round yet: the cold start picks round 0 once the pool is embedded.</p>"
        }
        let steps = rounds.map { round -> String in
            let kind = round.number == 0 ? "cold start" : "active learning"
            let closed = round.closedAt.map { " – " + HTML.date($0) } ?? ""
            return """
                <li class="round state-\(HTML.escape(round.state))" data-round="\(round.number)">
                <strong>Round \(round.number)</strong> <span class="kind">\(kind) · \(HTML.escape(round.strategy))</span>
                <span class="state">\(HTML.escape(round.state))</span>
                <span>\(round.picks) picks · \(round.labelled) labelled · \(round.skipped) skipped</span>
                <span class="when">\(HTML.date(round.openedAt))\(closed)</span>\(closeForm(round, project: project, csrf: csrf))
                </li>
                """
        }
        return "<ol class=\"timeline\">\(steps.joined(separator: "\n"))</ol>"
    }

    /// `scanselect round close` from the page: train now on the labels there are (an open round, a session).
    static func closeForm(_ round: RoundRow, project: String, csrf: String?) -> String {
        guard round.state == "open", let csrf else { return "" }
        return """
            <form method="post" action="/projects/\(HTML.escape(project))/rounds/\(round.number)/close" class="inline">\
            <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">\
            <button type="submit" class="close-round">Close round and train</button></form>
            """
    }

    static func curve(_ points: [CurvePoint], project: String) -> String {
        var curves: [LearningCurve] = []
        let validation = points.compactMap { point in
            point.validationDice.map { LearningCurve.Point(labelled: point.labelled, mean: $0, standardDeviation: 0) }
        }
        let test = points.compactMap { point in
            point.testDice.map { LearningCurve.Point(labelled: point.labelled, mean: $0, standardDeviation: 0) }
        }
        if !validation.isEmpty { curves.append(LearningCurve(strategy: "validation Dice", points: validation)) }
        if !test.isEmpty { curves.append(LearningCurve(strategy: "test Dice", points: test)) }
        var plot = LearningCurvePlot(title: "Dice by labelled scans", metric: "Dice")
        plot.width = 640
        plot.height = 380
        guard let svg = try? plot.svg(curves) else {
            return "<p class=\"empty\">No model trained yet: the curve starts when round 0's labels are in.</p>"
        }
        let rows = points.map { point in
            ["\(point.round)", "\(point.labelled)", HTML.number(point.validationDice), HTML.number(point.testDice),
             point.testHD95.map { HTML.number($0, digits: 2) + " " + HTML.escape(point.distanceUnit ?? "") } ?? "–"]
        }
        return "<figure class=\"chart\" id=\"learning-curve\">\(svg)</figure>"
            + HTML.table(["round", "labelled", "validation Dice", "test Dice", "test HD95"], rows, empty: "")
    }

    static func pool(_ counts: [PoolCount], failures: [FailedScan]) -> String {
        let rows = counts.map { [HTML.escape($0.state), HTML.escape($0.labelStatus), "\($0.count)"] }
        let failed = failures.map { failure in
            ["<a href=\"/scans/\(HTML.id(failure.scan))\">\(HTML.id(failure.scan).prefix(8))</a>",
             "<span class=\"bad\">\(HTML.escape(failure.error ?? "no error recorded"))</span>"]
        }
        return HTML.table(["state", "label", "scans"], rows, id: "pool-states", empty: "No scan ingested yet.")
            + (failed.isEmpty ? "" : "<h3>Failed scans</h3>" + HTML.table(["scan", "error"], failed, empty: ""))
    }

    static func queue(_ jobs: [QueueJob], counts: [QueueCount], csrf: String?) -> String {
        let waiting = counts.filter { $0.state == "queued" || $0.state == "running" }
            .map { [HTML.escape($0.kind), HTML.escape($0.state), "\($0.count)"] }
        let active = jobs.map { job -> [String] in
            let progress = HTML.fields(ofJSON: job.progressJSON).map { "\(HTML.escape($0.0)) \(HTML.escape($0.1))" }
                .joined(separator: " · ")
            let action = job.state == "dead" && csrf != nil
                ? """
                  <form method="post" action="/jobs/\(job.id)/retry" class="inline">\
                  <input type="hidden" name="csrf" value="\(HTML.escape(csrf ?? ""))">\
                  <button type="submit" class="retry" data-job="\(job.id)">Retry</button></form>
                  """
                : ""
            return ["\(job.id)", HTML.escape(job.kind), "<span class=\"state state-\(job.state)\">\(job.state)</span>",
                    "\(job.attempts)/\(job.maxAttempts)", progress.isEmpty ? "–" : progress,
                    job.error.map { "<span class=\"bad\">\(HTML.escape($0))</span>" } ?? "", action]
        }
        return HTML.table(["job kind", "state", "jobs"], waiting, id: "queue-counts", empty: "Nothing queued or running.")
            + HTML.table(["job", "kind", "state", "attempts", "progress", "error", ""], active, id: "queue-jobs",
                         empty: "No running or dead job.")
    }

    /// The fragments `console.js` swaps in while the page is open.
    static func live(_ overview: ProjectOverview, csrf: String?) -> String {
        "{\"rounds\":\(HTML.json(rounds(overview.rounds, project: overview.project.id, csrf: csrf))),\"pool\":\(HTML.json(pool(overview.pool, failures: overview.failures))),"
            + "\"queue\":\(HTML.json(queue(overview.active, counts: overview.counts, csrf: csrf))),"
            + "\"curve\":\(HTML.json(curve(overview.curve, project: overview.project.id)))}"
    }
}
