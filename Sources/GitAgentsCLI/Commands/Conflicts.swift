// `git agents conflicts`: which finished agents conflict with the target and with each other, computed in
// memory; exit 3 when any merge would conflict.
import ArgumentParser
import GitAgentsKit

extension GitAgents {
    struct Conflicts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "conflicts",
            abstract: "Show which agents conflict with the target and with each other, on which paths and lines.",
            discussion: """
            Every finished agent's branch is merged in memory with the target branch's tip and with every other \
            finished agent's branch; no worktree, index or ref is touched. Prints a suggested merge order. \
            Exits 3 when a merge would conflict, 0 when none would.
            """)

        @OptionGroup var session: SessionOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            let context = try CommandContext(output)
            let id = try context.session(session, readOnly: true)
            let matrix = try ConflictMatrix.compute(context.workspace, session: id)
            if output.json {
                try JSONOutput.print(matrix)
            } else {
                context.terminal.line(ConflictsRenderer(terminal: context.terminal).render(matrix))
            }
            if matrix.conflicts > 0 { throw ExitCode(3) }
        }
    }
}
