// `git agents review`: what each agent changed, its review decision, and the conflicts merging all would meet.
import ArgumentParser
import Foundation
import GitAgentsKit

extension GitAgents {
    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "review",
            abstract: "Summarise each agent's changes, review decisions and conflicts before merging (nothing is changed).")

        @OptionGroup var session: SessionOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            let context = try CommandContext(output)
            let id = try context.session(session, readOnly: true)
            let report = try ReviewReport.build(context.workspace, session: id)
            if output.json {
                try JSONOutput.print(report)
                return
            }
            ReviewRenderer(terminal: context.terminal).render(report)
        }
    }
}
