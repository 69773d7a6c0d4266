/// Every project at a glance: pool, labels, where its rounds stand, when anything last happened.
enum ProjectsPage {
    static func render(_ projects: [ProjectRow], session: Session?) -> String {
        let rows = projects.map { project -> [String] in
            let link = "<a href=\"/projects/\(HTML.escape(project.id))\">\(HTML.escape(project.id))</a>"
            return [link, "\(project.pool)", "\(project.test)", "\(project.labelled)",
                    project.failed > 0 ? "<span class=\"bad\">\(project.failed)</span>" : "0",
                    project.round.map(String.init) ?? "–",
                    project.roundState.map { "<span class=\"state state-\(HTML.escape($0))\">\(HTML.escape($0))</span>" } ?? "not started",
                    HTML.date(project.lastActivity)]
        }
        let table = HTML.table(["project", "pool", "test", "labelled (pool)", "failed", "round", "state", "last activity"], rows,
                               id: "projects", empty: "No project yet: create one with `scanselect project create`.")
        return Layout(title: "Projects", project: nil, session: session).render(table)
    }
}
