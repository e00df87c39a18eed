// `git agents init`: writes a starter .gitagents and reports the agent CLIs found.
import ArgumentParser
import GitAgentsKit

extension GitAgents {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Write a starter .gitagents (the seed's four roles) and detect installed agent CLIs.")

        @Flag(help: "Replace an existing .gitagents.")
        var force = false

        @OptionGroup var color: ColorOptions

        func run() throws {
            let context = try CommandContext(color)
            let terminal = context.terminal
            let result = try Initializer.run(context.workspace, force: force)
            terminal.line("Agent CLIs on PATH:")
            if result.found.isEmpty {
                terminal.line("  none of \(AgentCLIs.known.joined(separator: ", "))")
            }
            for cli in result.found { terminal.line("  \(terminal.paint("✓", .green)) \(cli.name)  \(cli.path)") }
            terminal.line()
            terminal.line("Wrote \(result.file)")
            terminal.line("  roles: database, api (→ database), frontend (→ api), testing (→ database, api, frontend)")
            if let chosen = result.chosen {
                terminal.line("  agents.command = \(chosen)" + (result.trusted ? " (trusted for this repository)" : ""))
            } else {
                terminal.line("  no agent command set: edit agents.command, or try the workflow with: git agents demo")
            }
            terminal.line()
            terminal.line("Next: git add .gitagents && git commit -m 'Configure git-agents', then: git agents start \"TASK\"")
        }
    }
}
