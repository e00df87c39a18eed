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
        lines.append("State:   \(report.session.state.rawValue)\(report.session.state == .running ? supervisor : "")")
        lines.append("")
        var table = Table("AGENT", "TASK", "STATUS", "PROGRESS", "ELAPSED")
        for view in report.agents {
            table.add(view.agent.name, StartReport.oneLine(view.agent.task, limit: 40), Self.status(view),
                      "\(view.agent.progress)%", view.elapsed.map(Units.elapsed) ?? "-")
        }
        lines.append(table.render(terminal) { row, column, _ in
            column == 2 ? Self.color(report.agents[row]) : nil
        })
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
        case .failed, .rejected: return .red
        case .stopped: return .yellow
        case .waiting: return .dim
        }
    }
}
