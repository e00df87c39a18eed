// `git agents status`: the session, its agents and recent activity.
import ArgumentParser
import Foundation
import GitAgentsKit

extension GitAgents {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            _superCommandName: "git-agents",  // parsed as a root of its own: HotCommands.swift
            abstract: "Show a session: its agents' status, progress and elapsed time, and recent activity.")

        @OptionGroup var session: SessionOption
        @OptionGroup var output: OutputOptions

        @Flag(help: "Refresh until every agent has ended (in place on a terminal).")
        var watch = false

        func run() throws {
            let context = try CommandContext(output)
            let terminal = context.terminal, workspace = context.workspace
            let id = try context.session(session, readOnly: true)
            if watch { try FetchedSessionName.refuseWatching(id, flag: "--watch") }
            let renderer = StatusRenderer(terminal: terminal)
            var report = try SessionView.status(workspace, session: id)
            if output.json {
                try JSONOutput.print(report)
                return
            }
            guard watch else {
                terminal.line(renderer.render(report))
                return
            }
            var last = ""
            while true {
                let frame = renderer.render(report)
                // Off a terminal, a new frame only when something happened (not for every elapsed second).
                let change = (report.activity.first?.commit.hex ?? "")
                    + report.agents.map { "\($0.agent.status)\($0.agent.progress)\($0.stalled)" }.joined()
                if terminal.isTTY {
                    print("\u{1B}[H\u{1B}[2J" + frame)
                } else if change != last {
                    print(frame + "\n")
                }
                last = change
                if fflush(nil) != 0 { return }
                if report.isFinished { break }
                usleep(1_000_000)
                try context.superviseIfNeeded(id)
                report = try SessionView.status(workspace, session: id)
            }
        }
    }
}
