// `git agents hooks install|uninstall|status`, and the hidden `git agents hook <name>` the installed shims run.
import ArgumentParser
import Foundation
import GitAgentsKit

extension GitAgents {
    struct Hooks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install, remove or show the git hooks that bring review and cleanup into plain git merge and push.",
            discussion: """
            The hooks go where git looks for them: core.hooksPath when set, else the repository's hooks folder, \
            which every linked worktree shares. A hook that is already there is kept beside ours as \
            <name>.before-git-agents and runs first; uninstall puts it back exactly as it was.
            """,
            subcommands: [Install.self, Uninstall.self, Show.self])

        struct Install: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Install the hooks, chaining any hook already there.")
            @OptionGroup var output: OutputOptions

            func run() throws {
                let context = try CommandContext(output)
                try HooksReport.show(try HookInstaller(context.workspace).install(), context: context, json: output.json)
            }
        }

        struct Uninstall: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Remove our hooks and put back the hooks they chained.")
            @OptionGroup var output: OutputOptions

            func run() throws {
                let context = try CommandContext(output)
                try HooksReport.show(try HookInstaller(context.workspace).uninstall(), context: context, json: output.json)
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "status", abstract: "Show each hook as ours, chained, foreign or missing.")
            @OptionGroup var output: OutputOptions

            func run() throws {
                let context = try CommandContext(output)
                try HooksReport.show(HookInstaller(context.workspace).status(), context: context, json: output.json)
            }
        }
    }

    struct Hook: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one git hook (started by the hooks git agents hooks install wrote).", shouldDisplay: false)

        @Argument var name: String
        @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

        func run() throws {
            guard let hook = HookName(rawValue: name) else {
                throw AgentsError.usage("'\(name)' is not a hook git-agents knows",
                                        hint: "run git agents hooks install to rewrite the hooks")
            }
            let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            // Outside a usable repository there is nothing to check: our failure never stops git's work.
            guard let workspace = try? CommandContext().workspace else { return }
            do {
                let lines = try HookRun.run(hook, arguments: arguments, input: input, workspace: workspace)
                for line in lines { Self.say(line) }
            } catch let refusal as GateRefusal {
                Self.say(refusal.message)
                throw ExitCode(1)
            }
        }
    }
}

extension GitAgents.Hook {
    static func say(_ line: String) {
        FileHandle.standardError.write(Data((Terminal.safe(line) + "\n").utf8))
    }
}

/// The hooks table (or JSON) shared by install, uninstall and status.
enum HooksReport {
    static func show(_ hooks: [HookStatus], context: CommandContext, json: Bool) throws {
        if json { return try JSONOutput.print(hooks) }
        let terminal = context.terminal
        var table = Table("HOOK", "STATE", "PATH")
        for hook in hooks { table.add(hook.hook, hook.state.rawValue + (hook.outdated ? " (outdated)" : ""), hook.path) }
        terminal.line(table.render(terminal))
    }
}
