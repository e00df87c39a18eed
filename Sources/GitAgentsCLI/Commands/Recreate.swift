// `git agents recreate --agent A`: a broken worktree made again from the agent's branch.
import ArgumentParser
import GitAgentsKit

extension GitAgents {
    struct Recreate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recreate",
            abstract: "Remove and re-create an agent's broken or missing worktree from its branch.")

        @OptionGroup var session: SessionOption

        @Option(help: ArgumentHelp("The agent whose worktree to recreate.", valueName: "AGENT"), completion: .agents)
        var agent: String

        @OptionGroup var color: ColorOptions

        func run() throws {
            let context = try CommandContext(color)
            let id = try context.session(session)
            let result = try SessionControl(workspace: context.workspace, sessionID: id).recreate(agent: agent)
            print("Recreated the worktree of \(agent) at \(result.worktree) from its branch.")
            if let old = result.oldFolder {
                print("The old folder is kept at \(old): copy out anything you need, then remove it.")
            }
        }
    }
}
