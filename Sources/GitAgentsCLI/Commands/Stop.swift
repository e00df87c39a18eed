// `git agents stop`: stops one agent or the whole session; work is kept.
import ArgumentParser
import GitAgentsKit

extension GitAgents {
    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stop",
            abstract: "Stop one agent or the whole session (SIGTERM, then SIGKILL); work is committed to its branch.")

        @OptionGroup var session: SessionOption

        @Option(help: ArgumentHelp("Stop only this agent.", valueName: "AGENT"), completion: .agents)
        var agent: String?

        @OptionGroup var color: ColorOptions

        func run() throws {
            let context = try CommandContext(color)
            let id = try context.session(session)
            let stopped = try SessionControl(workspace: context.workspace, sessionID: id).stop(agent: agent)
            if stopped.isEmpty {
                print(agent.map { "\($0) is not running or waiting: nothing to stop." } ?? "Nothing was running or waiting in session \(id).")
            } else {
                let whose = stopped.count == 1 ? "its work is on its branch" : "their work is on their branches"
                print("Stopped \(StartReport.names(stopped)) (session \(id)); \(whose).")
            }
        }
    }
}
