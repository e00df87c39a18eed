// `git agents doctor`: health of the tools, configuration, hooks, worktrees and sessions.
import ArgumentParser
import GitAgentsKit

extension GitAgents {
    struct Doctor: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "doctor",
            abstract: "Check libgit2, git, agent CLIs, configuration files, hooks, worktrees and sessions.",
            discussion: "Exits 0 when healthy and 1 when a problem was found.")

        @OptionGroup var output: OutputOptions

        func run() throws {
            let context = try CommandContext(output)
            let terminal = context.terminal
            let report = GitAgentsKit.Doctor.run(context.workspace)
            if output.json {
                try JSONOutput.print(report)
            } else {
                var table = Table("CHECK", "STATUS", "DETAIL")
                for check in report.checks { table.add(check.area, check.status.rawValue, check.detail) }
                terminal.line(table.render(terminal) { row, column, _ in
                    guard column == 1 else { return nil }
                    switch report.checks[row].status {
                    case .ok: return .green
                    case .info: return .dim
                    case .warning: return .yellow
                    case .problem: return .red
                    }
                })
                terminal.line()
                terminal.line(report.healthy ? "Healthy." : "Problems found: see the lines marked problem.")
            }
            if !report.healthy { throw ExitCode(1) }
        }
    }
}
