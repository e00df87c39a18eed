// `git agents restart --agent A [--fresh]`: runs one agent again in its worktree.
import ArgumentParser
import GitAgentsKit

extension GitAgents {
    struct Restart: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop and relaunch one agent in its worktree; --fresh resets its branch to its base first.")

        @OptionGroup var session: SessionOption

        @Option(help: ArgumentHelp("The agent to restart.", valueName: "AGENT"))
        var agent: String

        @Flag(help: "Reset the agent's branch to its base first (its old head stays reachable through the session record).")
        var fresh = false

        func run() throws {
            let workspace = try Workspace.discover()
            let id = try SessionStore(repository: workspace.repository).resolve(session.session)
            try SessionControl(workspace: workspace, sessionID: id).restart(agent: agent, fresh: fresh)
            print("Restarted \(agent)\(fresh ? " from its base" : "") in session \(id). Follow it with: git agents logs --agent \(agent) --follow")
        }
    }
}
