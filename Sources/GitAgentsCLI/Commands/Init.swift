// `git agents init`: writes a starter .gitagents and reports the agent CLIs found.
import ArgumentParser
import GitAgentsKit

extension GitAgents {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Write a starter .gitagents (the seed's four roles, or what .kilocode/*.json lack) and detect installed agent CLIs.")

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
            if !result.seedFiles.isEmpty {
                terminal.line("Read \(result.seedFiles.joined(separator: ", ")) (Kilo Code's configuration): kept as written.")
            }
            terminal.line("Wrote \(result.file)")
            if !result.seedFiles.isEmpty {
                terminal.line("  adds " + (result.added.isEmpty ? "nothing: they set everything init would" : result.added.joined(separator: ", ")))
            }
            let roles = result.roles.map { role in
                Terminal.safe(role.name) + (role.dependsOn.isEmpty ? "" : " (→ \(role.dependsOn.map(Terminal.safe).joined(separator: ", ")))")
            }
            let parallel = result.roles.count > 1 && result.roles.allSatisfy { $0.dependsOn.isEmpty } ? " (all in parallel)" : ""
            terminal.line("  roles: \(roles.isEmpty ? "none" : roles.joined(separator: ", "))\(parallel)")
            if let existing = result.existingCommand {
                terminal.line("  agents.command = \(Terminal.safe(existing.value)) (already set: \(existing.origin.describe))")
            } else if let chosen = result.chosen {
                terminal.line("  agents.command = \(chosen)" + (result.trusted ? " (trusted for this repository)" : ""))
            } else {
                terminal.line("  no agent command set: edit agents.command, or try the workflow with: git agents demo")
            }
            terminal.line()
            terminal.line("Next: git add .gitagents && git commit -m 'Configure git-agents', then: git agents start \"TASK\"")
        }
    }
}
