// Following a session in the foreground (`start --wait`, `demo`): progress bars redrawn in place on a TTY,
// plain activity lines otherwise; Ctrl-C stops the watching, never the agents.
import ArgumentParser
import Foundation
import GitAgentsKit
import GitKit

/// Set by SIGINT while a live view runs; the loop notices it within one interval (the signal cuts its sleep).
nonisolated(unsafe) private var interrupted: sig_atomic_t = 0

struct LiveView {
    let context: CommandContext
    var interval: useconds_t = 300_000
    private var terminal: Terminal { context.terminal }

    init(context: CommandContext) { self.context = context }

    /// Follows until every agent has ended; true when all of them succeeded. Ctrl-C says that the agents go
    /// on and how to reach them, then exits 130 (as a shell reports an interrupted command).
    /// Off a terminal, every activity line is printed but those the start report stood for (`reported` is
    /// the state it showed).
    func follow(_ reported: SessionSnapshot) throws -> Bool {
        let session = reported.session.id
        interrupted = 0
        signal(SIGINT) { _ in interrupted = 1 }
        defer { signal(SIGINT, SIG_DFL) }
        var drawnLines = 0
        var seenActivity = Set<String>()
        // Off a terminal the first look reads the whole history: lines `start` did not show may be older
        // than the newest 50 (many agents, each claimed and started).
        var report = try SessionView.status(context.workspace, session: session, activityLimit: terminal.isTTY ? 50 : .max)
        if !terminal.isTTY { seenActivity = Self.shown(report.activity, by: reported) }
        while true {
            try context.superviseIfNeeded(session)
            if terminal.isTTY {
                let frame = bars(report)
                if drawnLines > 0 { print("\u{1B}[\(drawnLines)A\u{1B}[J", terminator: "") }
                print(frame)
                drawnLines = frame.split(separator: "\n", omittingEmptySubsequences: false).count
            } else {
                for entry in report.activity.reversed() where !seenActivity.contains(entry.commit.hex) {
                    seenActivity.insert(entry.commit.hex)
                    print("[\(LogLine.clock(entry.time))] \(StartReport.oneLine(entry.message, limit: .max))")
                }
            }
            if fflush(nil) != 0 { return report.allDone }
            if report.isFinished { break }
            usleep(interval)
            if interrupted != 0 { try leave(session) }
            report = try SessionView.status(context.workspace, session: session, activityLimit: 50)
        }
        print("")
        print(report.allDone ? "Session \(session) done: every agent finished." :
                "Session \(session) \(report.session.state.rawValue): see git agents status and git agents logs.")
        for line in StatusRenderer.reasons(report.agents) { print(line) }
        // With the auto strategy the session's outcome includes its merge.
        if let refused = report.activity.first?.message, refused.hasPrefix("auto-merge refused") {
            print(StartReport.oneLine(refused, limit: .max))
            return false
        }
        return report.allDone
    }

    /// The commits of `activity` (newest first) whose lines the start report stood for: at or before the
    /// commit it read, each line it stands for once, oldest first (an agent's own progress may say the
    /// same words as its claim, but comes later).
    static func shown(_ activity: [ActivityEntry], by reported: SessionSnapshot) -> Set<String> {
        var standsFor = StartReport.shownActivity(reported)
        var shown = Set<String>()
        for entry in activity.drop(while: { $0.commit != reported.commit }).reversed() {
            guard let index = standsFor.firstIndex(of: entry.message) else { continue }
            standsFor.remove(at: index)
            shown.insert(entry.commit.hex)
        }
        return shown
    }

    private func leave(_ session: String) throws -> Never {
        print("")
        fflush(nil)
        FileHandle.standardError.write(Data(("Stopped watching; the agents of session \(session) keep running. "
            + "Watch them with git agents status --watch, stop them with git agents stop.\n").utf8))
        throw ExitCode(130)
    }

    private func bars(_ report: StatusReport) -> String {
        let width = 24
        let names = report.agents.map { Terminal.safe($0.agent.name) }
        let nameWidth = names.map(\.count).max() ?? 5
        var lines = ["Session \(report.session.id) — \(Units.elapsed(report.elapsed))"]
        for (view, name) in zip(report.agents, names) {
            let filled = width * view.agent.progress / 100
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let padded = name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            let status = StatusRenderer.status(view).padding(toLength: 8, withPad: " ", startingAt: 0)
            lines.append("  \(padded)  \(terminal.paint(bar, StatusRenderer.color(view) ?? .dim)) \(String(format: "%3d", view.agent.progress))%  \(status) \(view.elapsed.map(Units.elapsed) ?? "")")
        }
        if let last = report.activity.first { lines.append("  \(terminal.paint(StartReport.oneLine(last.message, limit: 90), .dim))") }
        return lines.joined(separator: "\n")
    }
}
