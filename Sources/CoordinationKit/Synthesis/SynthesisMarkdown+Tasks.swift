import CoordStorage

extension MarkdownBuilder {
    /// The tasks completed, claimed and blocked in the window; nothing when there were none.
    func tasks() {
        guard let t = report.tasks, !t.isEmpty else { return }
        heading(2, "Tasks")
        line("\(t.completed.count) completed, \(t.claimed.count) claimed, \(t.blocked.count) blocked in the window "
            + "(`coord tasks` shows the queue now).")
        for (title, steps) in [("Completed", t.completed), ("Claimed", t.claimed), ("Blocked", t.blocked)] where !steps.isEmpty {
            heading(3, title)
            capped(steps, limit: caps.list) { s in
                var item = MarkdownText.code(s.task)
                if !s.title.isEmpty { item += " " + MarkdownText.inline(s.title) }
                item += ": \(MarkdownText.inline(s.actor)), \(stamp(s.at))"
                if let detail = s.detail { item += " — " + MarkdownText.inline(detail) }
                return item
            }
        }
    }
}
