// `git agents trust`: allows the agent commands named in the committed configuration files.
import ArgumentParser
import GitAgentsKit

extension GitAgents {
    struct Trust: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trust",
            abstract: "Trust the agent commands in .gitagents and .kilocode/*.json as they are now.",
            discussion: """
            Commands named in committed files (agents.command, role.<name>.command, agents.orchestrator, \
            agents.setup, agents.testCommand, agents.prCommand) run only after this records each file's \
            content hash in .git/config. Changing a file needs trust again.
            """)

        @OptionGroup var color: ColorOptions

        func run() throws {
            let context = try CommandContext(color)
            let terminal = context.terminal, workspace = context.workspace
            let configuration = try Configuration.load(workspace)
            let trusted = try GitAgentsKit.Trust.trustAll(workspace, configuration)
            if trusted.isEmpty {
                terminal.line("No .gitagents or .kilocode/*.json in \(workspace.worktreeRoot): nothing to trust.")
                return
            }
            for record in trusted {
                terminal.line("\(terminal.paint("✓", .green)) trusted \(record.file) (\(record.hash.prefix(12)))")
                for command in configuration.commands(from: record.file) {
                    terminal.line("    \(command.key) = \(Terminal.safe(command.value))")
                }
            }
        }
    }
}
