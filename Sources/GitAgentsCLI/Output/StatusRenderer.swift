// The human `status` view, as in the seed: session header, the agents table, recent activity.
import Foundation
import GitAgentsKit

struct StatusRenderer {
    let terminal: Terminal

    func render(_ report: StatusReport) -> String {
        var lines: [String] = []
        lines.append(terminal.paint("Agent session status", .bold))
        lines.append(String(repeating: "━", count: 44))
        let started = DateFormatter()
        started.dateFormat = "yyyy-MM-dd HH:mm:ss"
        lines.append("Session: \(report.session.id)")
        lines.append("Task:    \(StartReport.oneLine(report.session.task, limit: 80))")
        lines.append("Started: \(started.string(from: report.session.createdAt))")
        lines.append("Elapsed: \(Units.elapsed(report.elapsed))")
        let supervisor = report.supervisor.map { " (supervisor pid \($0))" } ?? ""
        let reason = report.session.reason.map { " (\($0))" } ?? ""
        lines.append("State:   \(report.session.state.rawValue)\(report.session.state == .running ? supervisor : reason)")
        lines.append("")
        var table = Table("AGENT", "TASK", "STATUS", "PROGRESS", "ELAPSED")
        for view in report.agents {
            table.add(view.agent.name, StartReport.oneLine(view.agent.title, limit: 40), Self.status(view),
                      "\(view.agent.progress)%", view.elapsed.map(Units.elapsed) ?? "-")
        }
        lines.append(table.render(terminal) { row, column, _ in
            column == 2 ? Self.color(report.agents[row]) : nil
        })
        let outside = report.agents.compactMap {
            OwnershipLine.text(terminal, agent: $0.agent.name, owned: $0.ownedPaths, outside: $0.outsidePaths)
        }
        if !outside.isEmpty { lines += [""] + outside }
        let why = Self.reasons(report.agents)
        if !why.isEmpty {
            lines.append("")
            lines += why
        }
        if report.messagesForOrchestrator > 0 {
            let count = report.messagesForOrchestrator
            lines.append("")
            lines.append("\(count) message\(count == 1 ? "" : "s") for the orchestrator (see: git agents inbox)")
        }
        if !report.activity.isEmpty {
            lines.append("")
            lines.append("Recent activity:")
            for entry in report.activity.reversed() {
                lines.append("  [\(LogLine.clock(entry.time))] \(StartReport.oneLine(entry.message, limit: 100))")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func status(_ view: AgentView) -> String {
        if view.stalled { return "stalled" }
        switch view.agent.status {
        case .running: return "working"
        default: return view.agent.status.rawValue
        }
    }

    static func color(_ view: AgentView) -> Terminal.Style? {
        if view.stalled { return .yellow }
        switch view.agent.status {
        case .done, .merged: return .green
        case .running: return .cyan
        case .failed, .rejected, .blocked: return .red
        case .stopped, .changesRequested: return .yellow
        case .waiting, .unknown: return .dim
        }
    }

    /// Why each agent that ended with a reason ended as it did (and what to know about one that is done: its
    /// branch was deleted, work was left out of its commit): the first line after its name and status, the
    /// rest (the last lines of its stderr, further notes) indented below.
    static func reasons(_ agents: [AgentView]) -> [String] {
        let ended = agents.filter { $0.agent.status.isFinal && $0.agent.reason != nil }
        guard !ended.isEmpty else { return [] }
        let width = ended.map(\.agent.name.count).max() ?? 0
        var lines = ["Details:"]
        for view in ended {
            let reason = view.agent.reason?.split(whereSeparator: \.isNewline).map(String.init) ?? []
            let name = Terminal.safe(view.agent.name).padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("  \(name)  \(view.agent.status): \(StartReport.oneLine(reason.first ?? "", limit: 100))")
            for detail in reason.dropFirst() {
                lines.append("  \(String(repeating: " ", count: width))    | \(StartReport.oneLine(detail, limit: 100))")
            }
        }
        return lines
    }
}
