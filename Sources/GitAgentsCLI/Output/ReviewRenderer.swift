// The human `review` view, as the seed shows it: changes per agent, totals, conflicts, and what to do next.
import Foundation
import GitAgentsKit

/// The seed's "Review Session" view.
struct ReviewRenderer {
    let terminal: Terminal

    func render(_ report: ReviewReport) {
        let id = report.session
        terminal.line(terminal.paint("Review Session", .bold) + " \(id) → \(Terminal.safe(report.target))")
        terminal.line(String(repeating: "━", count: 44))
        terminal.line("Changes Summary:")
        var table = Table("AGENT", "FILES", "LINES ADDED", "LINES DEL", "STATUS", "REVIEW")
        for row in report.agents {
            table.add(row.agent, "\(row.files)", "\(row.added)", "\(row.deleted)", row.status.rawValue, Self.decision(row))
        }
        terminal.line(table.render(terminal))
        let totals = report.totals
        terminal.line("Total: \(Units.count(totals.files, "file")), \(Self.grouped(totals.added)) additions, \(Self.grouped(totals.deleted)) deletions")
        if report.conflictCount == 0 {
            terminal.line("Conflicts Detected: 0 " + terminal.paint("✓", .green))
        } else {
            terminal.line("Conflicts Detected: \(report.conflictCount) " + terminal.paint("✗", .red)
                          + " (conflicting paths when every finished agent is merged in order; each pair: git agents conflicts)")
            for conflict in report.conflicts {
                terminal.line("  \(Terminal.safe(conflict.agent)): \(conflict.paths.map(Terminal.safe).joined(separator: ", "))")
            }
        }
        for row in report.agents {
            if let line = OwnershipLine.text(terminal, agent: row.agent, owned: row.ownedPaths, outside: row.outsidePaths) {
                terminal.line(line)
            }
        }
        let waiting = report.agents.filter { $0.notMergedBecause != nil }
        if !waiting.isEmpty {
            terminal.line()
            terminal.line("Not merged by merge --approve:")
            for row in waiting { terminal.line("  \(Terminal.safe(row.agent)): \(Terminal.safe(row.notMergedBecause ?? ""))") }
        }
        terminal.line()
        // A session fetched from another clone is named in each hint, and merged only where it started.
        let fetched = FetchedSessionName(report.session)
        let named = fetched == nil ? "" : " --session \(report.session)"
        terminal.line("Preview Changes:")
        terminal.line("  git agents diff\(named) [--agent AGENT] [--stat]")
        if report.conflictCount > 0 { terminal.line("  git agents conflicts\(named)") }
        if let fetched {
            terminal.line("Merge: in the clone that started it (fetched from \(fetched.remote))")
            return
        }
        terminal.line("Merge Options:")
        terminal.line("  git agents merge --approve")
        terminal.line("  git agents merge --reject AGENT [-m REASON]")
        terminal.line("  git agents merge --request-changes AGENT -m FEEDBACK")
    }

    static func decision(_ row: ReviewReport.Row) -> String {
        guard let review = row.review else { return row.status == .done ? "not reviewed" : "-" }
        return "\(review.decision) (\(review.by))"
    }

    /// 1,447 as the seed prints it.
    static func grouped(_ number: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_US")
        return formatter.string(from: NSNumber(value: number)) ?? "\(number)"
    }
}
