// `git agents restart --agent A [--fresh]`: runs one agent again in its worktree.
import ArgumentParser
import GitAgentsKit

extension GitAgents {
    struct Restart: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restart",
            abstract: "Stop and relaunch one agent in its worktree; --fresh resets its branch to its base first.")

        @OptionGroup var session: SessionOption

        @Option(help: ArgumentHelp("The agent to restart.", valueName: "AGENT"), completion: .agents)
        var agent: String

        @Flag(help: "Reset the agent's branch to its base first (its old head stays reachable through the session record).")
        var fresh = false

        @OptionGroup var color: ColorOptions

        func run() throws {
            let context = try CommandContext(color)
            let id = try context.session(session)
            try SessionControl(workspace: context.workspace, sessionID: id).restart(agent: agent, fresh: fresh)
            print("Restarted \(agent)\(fresh ? " from its base" : "") in session \(id). Follow it with: git agents logs --agent \(agent) --follow")
        }
    }
}
