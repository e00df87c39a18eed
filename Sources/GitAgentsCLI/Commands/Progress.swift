// `git agents progress PCT [MESSAGE]`: called by an agent from its worktree.
import ArgumentParser
import GitAgentsKit

extension GitAgents {
    struct Progress: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "progress",
            _superCommandName: "git-agents",  // parsed as a root of its own: HotCommands.swift
            abstract: "Record an agent's progress and an activity line (run it from the agent's worktree).")

        @Argument(help: "How far the agent is, 0 to 100.")
        var percent: Int

        @Argument(help: "What it just did, for the activity list.")
        var message: String?

        @OptionGroup var color: ColorOptions

        func run() throws {
            try ProgressReport.record(try CommandContext(color).workspace, percent: percent, message: message)
        }
    }
}
