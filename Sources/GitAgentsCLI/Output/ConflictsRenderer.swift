// The human `conflicts` view: each agent against the target, the agent × agent matrix, the conflicting paths
// and hunks of each conflicting merge, and the suggested merge order with what to resolve.
import Foundation
import GitAgentsKit

struct ConflictsRenderer {
    let terminal: Terminal

    func render(_ matrix: ConflictMatrix) -> String {
        let target = Terminal.safe(matrix.target.branch)
        var lines = [terminal.paint("Conflicts in session \(matrix.session)", .bold), String(repeating: "━", count: 44)]
        lines.append("Target:  \(target) at \(matrix.target.commit.short)")
        lines.append("Agents:  " + (matrix.considered.isEmpty ? "none finished yet"
            : matrix.considered.map { Terminal.safe($0.agent) + ($0.branchExists ? "" : " (branch deleted; its recorded head)") }
                .joined(separator: ", ")))
        if !matrix.skipped.isEmpty {
            lines.append("Left out: " + matrix.skipped.map { "\(Terminal.safe($0.agent)) (\($0.reason))" }.joined(separator: ", "))
        }
        guard !matrix.considered.isEmpty else { return lines.joined(separator: "\n") }
        lines += ["", "Conflicts with \(target):"]
        var versus = Table("AGENT", "MERGE", "PATHS")
        for entry in matrix.vsTarget { versus.add(entry.agent, mark(entry.paths), entry.paths.map(\.path).joined(separator: ", ")) }
        lines += indented(versus.render(terminal, style: style))
        if matrix.considered.count > 1 {
            lines += ["", "Between agents:"]
            lines += indented(grid(matrix).render(terminal, style: style))
        }
        for entry in matrix.vsTarget where !entry.paths.isEmpty {
            lines += ["", "\(Terminal.safe(entry.agent)) × \(target):"]
            lines += details(entry.paths, ours: matrix.target.branch, theirs: entry.agent)
        }
        for pair in matrix.pairs where !pair.paths.isEmpty {
            lines += ["", "\(Terminal.safe(pair.agents[0])) × \(Terminal.safe(pair.agents[1])):"]
            lines += details(pair.paths, ours: pair.agents[0], theirs: pair.agents[1])
        }
        lines += ["", "Suggested merge order: " + matrix.order.map(Terminal.safe).joined(separator: ", ")]
        lines.append(terminal.paint("  (dependencies first; then agents that conflict with nobody; those that conflict with the most last)", .dim))
        for resolution in matrix.resolve {
            let agent = Terminal.safe(resolution.agent)
            let with = (resolution.conflictsWithTarget ? [target] : []) + resolution.conflictsWithAgents.map(Terminal.safe)
            let when = resolution.conflictsWithAgents.isEmpty ? "resolve when merging it"
                : "merge it after " + resolution.conflictsWithAgents.map(Terminal.safe).joined(separator: ", ") + ", then resolve"
            lines.append("  \(agent) conflicts with \(with.joined(separator: ", ")): \(when) (git agents resolve --agent \(agent))")
        }
        lines += ["", "Conflicting merges: \(matrix.conflicts)" + (matrix.conflicts == 0 ? " " + terminal.paint("✓", .green) : "")]
        if !matrix.resolve.isEmpty {
            lines += ["Resolve by hand: git agents resolve --agent AGENT", "Or let the orchestrator: git agents resolve --auto"]
        } else {
            lines += ["Merge:", "  git agents merge --approve"]
        }
        return lines.joined(separator: "\n")
    }

    /// The agent × agent table: ✓ for a clean pair, ✗ and the number of conflicting paths otherwise.
    private func grid(_ matrix: ConflictMatrix) -> Table {
        let names = matrix.considered.map(\.agent)
        var table = Table()
        table.header = [""] + names.map(Terminal.safe)
        let byPair = Dictionary(matrix.pairs.map { ("\($0.agents[0])\n\($0.agents[1])", $0.paths) }, uniquingKeysWith: { a, _ in a })
        for row in names {
            table.add([row] + names.map { column in
                if row == column { return "·" }
                return mark(byPair["\(row)\n\(column)"] ?? byPair["\(column)\n\(row)"] ?? [])
            })
        }
        return table
    }

    private func mark(_ paths: [ConflictMatrix.PathConflict]) -> String {
        paths.isEmpty ? "✓" : "✗ \(paths.count)"
    }

    private func style(_ row: Int, _ column: Int, _ cell: String) -> Terminal.Style? {
        cell.hasPrefix("✗") ? .red : cell == "✓" ? .green : nil
    }

    private func indented(_ text: String) -> [String] {
        // A table pads every column but the last: an empty last cell would leave trailing spaces.
        text.split(separator: "\n", omittingEmptySubsequences: false).map {
            "  " + String($0.reversed().drop { $0 == " " }.reversed())
        }
    }

    /// One line per path: `src/api.ts  content  main 12–18, api 12–20; main 40–41, api 42–45`.
    private func details(_ paths: [ConflictMatrix.PathConflict], ours: String, theirs: String) -> [String] {
        var table = Table("PATH", "KIND", "WHERE")
        for path in paths {
            table.add(path.path, path.kind, Self.where_(path, ours: ours, theirs: theirs))
        }
        return indented(table.render(terminal))
    }

    static func where_(_ path: ConflictMatrix.PathConflict, ours: String, theirs: String) -> String {
        if !path.hunks.isEmpty {
            return path.hunks.map { "\(ours) \(lines($0.ours)), \(theirs) \(lines($0.theirs))" }.joined(separator: "; ")
        }
        switch path.kind {
        case "modify/delete": return "changed by \(ours), deleted by \(theirs)"
        case "delete/modify": return "deleted by \(ours), changed by \(theirs)"
        case "binary": return "changed by both; not mergeable line by line"
        default:
            func side(_ name: String, _ file: String?) -> String { "\(name): " + (file ?? "deleted") }
            return [path.sides.ancestor.map { "was \($0)" }, side(ours, path.sides.ours), side(theirs, path.sides.theirs)]
                .compactMap { $0 }.joined(separator: ", ")
        }
    }

    /// `12–18`, `12` for one line, `none (after line 11)` for an empty side.
    static func lines(_ range: [Int]) -> String {
        guard range.count == 2 else { return "?" }
        if range[1] < range[0] { return "none (after line \(range[1]))" }
        return range[0] == range[1] ? "\(range[0])" : "\(range[0])–\(range[1])"
    }
}
