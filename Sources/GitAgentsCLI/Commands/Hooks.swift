// `git agents hooks install|uninstall|status`, and the hidden `git agents hook <name>` the installed shims run.
import ArgumentParser
import Foundation
import GitAgentsKit

extension GitAgents {
    struct Hooks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hooks",
            abstract: "Install, remove or show the git hooks that bring review and cleanup into plain git merge and push.",
            discussion: """
            The hooks go where git looks for them: core.hooksPath when set, else the repository's hooks folder, \
            which every linked worktree shares. A hook that is already there is kept beside ours as \
            <name>.before-git-agents and runs first; uninstall puts it back exactly as it was.
            """)

        enum Action: String, CaseIterable, ExpressibleByArgument {
            case install, uninstall, status
        }

        @Argument(help: ArgumentHelp("install (chaining any hook already there), uninstall (putting back what was there), "
                                     + "or status (each hook as ours, chained, foreign or missing).",
                                     valueName: "install|uninstall|status"))
        var action: Action = .status
        @OptionGroup var output: OutputOptions

        func run() throws {
            let context = try CommandContext(output)
            let installer = HookInstaller(context.workspace)
            let hooks: [HookStatus]
            switch action {
            case .install: hooks = try installer.install()
            case .uninstall: hooks = try installer.uninstall()
            case .status: hooks = installer.status()
            }
            if output.json { return try JSONOutput.print(HooksJSON(hooks: hooks)) }
            let terminal = context.terminal
            var table = Table("HOOK", "STATE", "PATH")
            for hook in hooks { table.add(hook.hook, hook.state.rawValue + (hook.outdated ? " (outdated)" : ""), hook.path) }
            terminal.line(table.render(terminal))
        }
    }

    /// `hooks --json`: one object, as every `--json` document is (docs/json.md).
    private struct HooksJSON: Encodable { let hooks: [HookStatus] }

    struct Hook: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hook",
            _superCommandName: "git-agents",  // parsed as a root of its own: HotCommands.swift
            abstract: "Run one git hook (started by the hooks git agents hooks install wrote).", shouldDisplay: false)

        @Argument var name: String
        @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

        func run() throws {
            // A hook this version does not know (written by another one) warns and lets git go on.
            guard let hook = HookName(rawValue: name) else {
                return Terminal.warn("git-agents does not know the hook '\(name)'; run git agents hooks install to rewrite the hooks")
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
