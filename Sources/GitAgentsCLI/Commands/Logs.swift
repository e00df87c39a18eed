// `git agents logs`: `[HH:MM:SS] [agent] text` lines, merged or for one agent, optionally followed.
import ArgumentParser
import Foundation
import GitAgentsKit

extension GitAgents {
    struct Logs: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "logs",
            abstract: "Show the agents' output, merged by time or for one agent.",
            discussion: "With --json, one JSON object per line: {\"schemaVersion\", \"time\", \"agent\", \"text\"}, the text as the agent wrote it.")

        @OptionGroup var session: SessionOption

        @Option(help: ArgumentHelp("Only this agent's lines.", valueName: "AGENT"), completion: .agents)
        var agent: String?

        @Flag(name: [.short, .long], help: "Keep printing new lines until every agent has ended.")
        var follow = false

        @Option(help: ArgumentHelp("Only the last N lines.", valueName: "N"))
        var last: Int?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let last, last < 0 { throw ValidationError("--last takes a number of lines, 0 or more") }
        }

        func run() throws {
            let context = try CommandContext(output)
            let workspace = context.workspace, store = SessionStore(repository: workspace.repository)
            let id = try context.session(session, readOnly: true)
            if follow { try FetchedSessionName.refuseWatching(id, flag: "--follow") }
            var lines = try SessionView.logs(workspace, session: id, agent: agent)
            if let last { lines = Array(lines.suffix(last)) }
            lines.forEach(emit)
            guard follow else { return }
            // Lines already printed, per agent: a running agent's live log and its record log are one sequence.
            var printed = Dictionary(grouping: try SessionView.logs(workspace, session: id, agent: agent), by: \.agent)
                .mapValues(\.count)
            while true {
                // The reader went away (`| head`): stop following.
                if fflush(nil) != 0 { return }
                let finished = try store.load(id).agents.allSatisfy(\.status.isFinal)
                let current = Dictionary(grouping: try SessionView.logs(workspace, session: id, agent: agent), by: \.agent)
                var fresh: [LogLine] = []
                for (name, agentLines) in current where agentLines.count > printed[name, default: 0] {
                    fresh += agentLines.dropFirst(printed[name, default: 0])
                    printed[name] = agentLines.count
                }
                fresh.sorted { $0.time < $1.time }.forEach(emit)
                if finished { break }
                usleep(250_000)
                try context.superviseIfNeeded(id)
            }
        }

        private func emit(_ line: LogLine) {
            if output.json {
                let time = LogLine.stored("", at: line.time).trimmingCharacters(in: .whitespacesAndNewlines)
                try? JSONOutput.printLine(["time": time, "agent": line.agent, "text": line.text])
            } else {
                print(Terminal.safe(line.display))
            }
        }
    }
}
