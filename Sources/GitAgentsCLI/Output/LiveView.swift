// Following a session in the foreground (`start --wait`, `status --watch`): progress bars redrawn in place
// on a TTY, plain activity lines otherwise.
import Foundation
import GitAgentsKit

struct LiveView {
    let terminal: Terminal
    var interval: useconds_t = 300_000

    /// Follows until every agent has ended; true when all of them succeeded.
    func follow(_ workspace: Workspace, session: String) throws -> Bool {
        var drawnLines = 0
        var seenActivity = Set<String>()
        var report = try SessionView.status(workspace, session: session, activityLimit: 50)
        if !terminal.isTTY {
            // What is already in the history was shown by `start`; print only what happens from now on.
            seenActivity = Set(report.activity.map(\.commit.hex))
        }
        while true {
            if let notice = try Supervision.ensure(workspace, session: session) { Terminal.warn(notice) }
            if terminal.isTTY {
                let frame = bars(report)
                if drawnLines > 0 { print("\u{1B}[\(drawnLines)A\u{1B}[J", terminator: "") }
                print(frame)
                drawnLines = frame.split(separator: "\n", omittingEmptySubsequences: false).count
            } else {
                for entry in report.activity.reversed() where !seenActivity.contains(entry.commit.hex) {
                    seenActivity.insert(entry.commit.hex)
                    print("[\(LogLine.clock(entry.time))] \(entry.message)")
                }
            }
            if fflush(nil) != 0 { return report.allDone }
            if report.isFinished { break }
            usleep(interval)
            report = try SessionView.status(workspace, session: session, activityLimit: 50)
        }
        print("")
        print(report.allDone ? "Session \(session) done: every agent finished." :
                "Session \(session) \(report.session.state.rawValue): see git agents status and git agents logs.")
        for line in StatusRenderer.reasons(report.agents) { print(line) }
        return report.allDone
    }

    private func bars(_ report: StatusReport) -> String {
        let width = 24
        let nameWidth = report.agents.map(\.agent.name.count).max() ?? 5
        var lines = ["Session \(report.session.id) — \(Units.elapsed(report.elapsed))"]
        for view in report.agents {
            let filled = width * view.agent.progress / 100
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let name = view.agent.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            let status = StatusRenderer.status(view).padding(toLength: 8, withPad: " ", startingAt: 0)
            lines.append("  \(name)  \(terminal.paint(bar, StatusRenderer.color(view) ?? .dim)) \(String(format: "%3d", view.agent.progress))%  \(status) \(view.elapsed.map(Units.elapsed) ?? "")")
        }
        if let last = report.activity.first { lines.append("  \(terminal.paint(StartReport.oneLine(last.message, limit: 90), .dim))") }
        return lines.joined(separator: "\n")
    }
}
