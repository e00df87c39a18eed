// The man page's sections after the commands (scripts/generate-docs.sh appends them to what
// swift-argument-parser's generate-manual writes): CONFIGURATION and AGENT PRESETS come from the domain's
// tables, so that the page cannot drift from the code; the rest is the reference a person looks up.
import GitAgentsKit

enum ManualSections {
    /// mdoc for every section, in man-pages(7) order.
    static var mdoc: String {
        (configuration + presets + environment + files + exitStatus + examples + seeAlso).joined(separator: "\n") + "\n"
    }

    static var configuration: [String] {
        var lines = section("CONFIGURATION") + [
            text("Layers, lowest first: built-in defaults, the seed's .kilocode/agent-manager.json and "
                + ".kilocode/agents-config.json, .gitagents at the repository root (git-config syntax, committed), "
                + "the system, XDG and global git config, .git/config, then command-line flags. "
                + "List keys may be repeated or given as one comma-separated value. "
                + "Commands named in a committed file run only after git agents trust. "
                + "git agents config --list --show-origin shows each resolved value and where it came from."),
            ".Bl -tag -width Ds",
        ]
        for key in ConfigKeys.reference {
            lines.append(".It Cm \(key.key) Ar \(kindName(key.kind))")
            lines.append(text(key.summary ?? "(undocumented)"))
            if let value = key.defaultValue { lines.append(text("Default: \(value).")) }
        }
        return lines + [".El"]
    }

    static var presets: [String] {
        var lines = section("AGENT PRESETS") + [
            text("An agent command (agents.command, role.<name>.command, start --agent-cmd) is a preset name or an "
                + "argv template, split like shell words but never run through a shell. These placeholders are "
                + "replaced as whole arguments; an optional one that is not set is left out, with the flag just "
                + "before it (docs/agents.md):"),
            ".Bl -tag -width Ds",
        ]
        for placeholder in AgentCommand.Placeholder.allCases {
            lines += [".It Li \(placeholder.token)", text(placeholderMeaning[placeholder] ?? "")]
        }
        lines += [".El", ".Pp", text("The presets run each CLI headless and auto-approving:"), ".Bl -tag -width Ds"]
        for name in AgentCommand.presets.keys.sorted() {
            lines += [".It Cm \(name)", text(AgentCommand.presets[name]!.joined(separator: " "))]
        }
        return lines + [".El"]
    }

    static let placeholderMeaning: [AgentCommand.Placeholder: String] = [
        .prompt: "The composed prompt: role description, task, skills, artifacts of dependencies, review feedback.",
        .model: "role.<name>.model, else agents.model.",
        .temperature: "role.<name>.temperature, else agents.temperature.",
        .maxTokens: "role.<name>.maxTokens, else agents.maxTokens.",
        .role: "The agent's role.",
        .worktree: "The agent's worktree folder.",
        .mcpConfig: "A JSON file with the role's mcpServers from .mcp.json.",
    ]

    static var environment: [String] {
        section("ENVIRONMENT") + tagged([
            ("GIT_AGENTS_SESSION , GIT_AGENTS_AGENT",
             "Set for an agent: its session and name; git agents progress uses them to know whose progress it records."),
            ("GIT_AGENTS_ROLE , GIT_AGENTS_TASK", "Set for an agent: its role and task."),
            ("GIT_AGENTS_ARTIFACTS", "Set for an agent: the folder whose files are shared with the agents that depend on it."),
            ("GIT_AGENTS_MODEL , GIT_AGENTS_TEMPERATURE , GIT_AGENTS_MAX_TOKENS",
             "Set for an agent: its model settings, also when its command has no placeholder for them."),
            ("NO_COLOR", "When set, output is never coloured (as --no-color)."),
            ("GIT_DIR , GIT_WORK_TREE , GIT_CEILING_DIRECTORIES", "Choose the repository as they do for git; agents never inherit them."),
        ])
    }

    static var files: [String] {
        section("FILES") + tagged([
            ("refs/agents/sessions/<id>", "A session's record: a chain of commits holding session.json, agents/<agent>.json, logs and artifacts."),
            ("refs/agents/archive/<id>", "A session's record after git agents cleanup."),
            ("refs/notes/agents", "Provenance notes on agents' and integration commits: git log --notes=agents."),
            ("refs/agents/clones/<clone>/", "On a remote: each clone's sessions, archive and agents' work, pushed by git agents push."),
            ("refs/agents/remotes/<remote>/", "Other clones' sessions fetched by git agents fetch, read as <remote>/<clone>/<id>."),
            ("agents/<id>/<agent>", "An agent's branch (or <branchPrefix>-NNN)."),
            ("$GIT_COMMON_DIR/agents/<id>/", "Runtime files only: supervisor lock and pid, live logs. Owner-only."),
            (".gitagents", "Committed configuration, git-config syntax (git agents init writes one)."),
            (".kilocode/agent-manager.json , .kilocode/agents-config.json", "The seed's configuration files, read as written there."),
        ])
    }

    static var exitStatus: [String] {
        section("EXIT STATUS") + tagged([
            ("0", "Success."),
            ("1", "The operation failed: an agent failed under --wait, tests failed, a merge was refused."),
            ("2", "Usage or configuration error."),
            ("3", "Conflicts block the operation."),
            ("4", "Not inside a git repository, or the repository is in an unusable state."),
        ]) + [".Pp", text("Every error is one or two lines on standard error: what was wrong, then what to do.")]
    }

    static var examples: [String] {
        section("EXAMPLES") + [
            text("Try a whole session with a built-in scripted agent, no AI CLI needed:"),
            ".Dl git agents demo",
            ".Pp",
            text("Configure roles, start four agents, and follow them:"),
            ".Bd -literal -offset indent",
            "git agents init",
            "git agents start \"Build a user profile feature with avatar upload\"",
            "git agents status --watch",
            "git agents logs --agent api --follow",
            ".Ed",
            ".Pp",
            text("Review, merge and clean up:"),
            ".Bd -literal -offset indent",
            "git agents review",
            "git agents conflicts",
            "git agents merge --request-changes api -m \"validate the avatar size\"",
            "git agents merge --approve",
            "git agents cleanup",
            ".Ed",
            ".Pp",
            text("Share sessions with another clone, and read one of its sessions:"),
            ".Bd -literal -offset indent",
            "git agents push",
            "git agents fetch",
            "git agents status --session origin/20261130-001",
            ".Ed",
        ]
    }

    static var seeAlso: [String] {
        section("SEE ALSO") + [
            ".Xr git 1 ,", ".Xr git-worktree 1 ,", ".Xr git-notes 1 ,", ".Xr git-config 1",
            ".Pp",
            text("docs/agents.md and docs/data-model.md, installed in share/doc/git-agents."),
        ]
    }

    private static func section(_ name: String) -> [String] { [".Sh \"\(name)\""] }

    /// A tagged list: each name in literal type, its description below.
    private static func tagged(_ items: [(name: String, description: String)]) -> [String] {
        [".Bl -tag -width Ds"] + items.flatMap { [".It Li \($0.name)", text($0.description)] } + [".El"]
    }

    /// A text line as mdoc takes it literally: a backslash escaped, a leading dot or quote neutralised.
    private static func text(_ line: String) -> String {
        let escaped = line.replacingOccurrences(of: "\\", with: "\\e")
        return escaped.hasPrefix(".") || escaped.hasPrefix("'") ? "\\&" + escaped : escaped
    }

    private static func kindName(_ kind: ConfigKeyKind) -> String {
        switch kind {
        case .string: "text"
        case .list: "list"
        case .integer: "integer"
        case .bool: "boolean"
        case .number: "number"
        case .duration: "duration"
        case .memory: "size"
        case .strategy: "strategy"
        }
    }
}
