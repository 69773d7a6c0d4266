/// The one form that needs no session: a name (kept with the actions) and the console token.
enum LoginPage {
    static func render(error: String?, next: String, enabled: Bool) -> String {
        guard enabled else {
            return Layout(title: "Log in", project: nil, session: nil).render("""
                <p class="empty">This console is read-only: start it with CONSOLE_TOKEN (or CONSOLE_TOKEN_SHA256) set to allow actions.</p>
                """)
        }
        return Layout(title: "Log in", project: nil, session: nil).render("""
            \(error.map { "<p class=\"bad\" id=\"login-error\">\(HTML.escape($0))</p>" } ?? "")
            <form method="post" action="/login" class="login">
            <input type="hidden" name="next" value="\(HTML.escape(next))">
            <label>Your name <input name="user" autocomplete="username" required></label>
            <label>Console token <input type="password" name="token" autocomplete="current-password" required></label>
            <button type="submit" id="login-submit">Log in</button>
            </form>
            """)
    }
}
