// The line `status` and `review` print for an agent that changed files outside the paths it owns.
import GitAgentsKit

enum OwnershipLine {
    /// `! api changed files outside its paths (src/api): README.md, db/schema.sql`; nil when none.
    static func text(_ terminal: Terminal, agent: String, owned: [String], outside: [String]) -> String? {
        guard !outside.isEmpty else { return nil }
        let shown = outside.prefix(5).map(Terminal.safe).joined(separator: ", ")
            + (outside.count > 5 ? " and \(outside.count - 5) more" : "")
        let paths = owned.map(Terminal.safe).joined(separator: ", ")
        return terminal.paint("! \(Terminal.safe(agent)) changed files outside its paths (\(paths)): ", .yellow) + shown
    }
}
