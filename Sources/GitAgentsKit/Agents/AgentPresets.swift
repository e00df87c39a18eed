// The built-in agent commands (one per known CLI) and which role settings each cannot take.
import Foundation

extension AgentCommand {
    /// Headless, auto-approving invocations of each known CLI; docs/agents.md gives each flag's source.
    /// Every prompt is the last argument, so no variadic option before it can swallow it.
    public static let presets: [String: [String]] = [
        // -p: print mode, one prompt then exit. acceptEdits: edits need no approval; other tools that
        // would ask are refused, since nobody can answer. --mcp-config is variadic, hence the `=` form.
        "claude": ["claude", "-p", "--permission-mode", "acceptEdits",
                   "--model", "{model}", "--mcp-config={mcpConfig}", "{prompt}"],
        // exec never asks for approval; workspace-write lets it edit the worktree (--full-auto is gone).
        "codex": ["codex", "exec", "--sandbox", "workspace-write", "--model", "{model}", "{prompt}"],
        // --message: one instruction, apply the edits, exit. --yes-always answers every confirmation, so the
        // questions whose "yes" opens a browser, installs an upgrade or consents to analytics are switched off.
        "aider": ["aider", "--yes-always", "--no-check-update", "--no-show-release-notes", "--no-show-model-warnings",
                  "--no-analytics", "--no-detect-urls", "--no-pretty", "--model", "{model}", "--message", "{prompt}"],
        // --prompt forces headless mode; --approval-mode=yolo replaces the deprecated --yolo.
        "gemini": ["gemini", "--approval-mode=yolo", "--model", "{model}", "--prompt", "{prompt}"],
        "qwen": ["qwen", "--yolo", "--model", "{model}", "--prompt", "{prompt}"],
        // opencode allows edits and shell commands by default, so run needs no approval flag.
        "opencode": ["opencode", "run", "--model", "{model}", "{prompt}"],
        // Kilo CLI 1.x (an opencode fork; installs both `kilo` and `kilocode`): --auto approves everything.
        "kilocode": ["kilocode", "run", "--auto", "--model", "{model}", "{prompt}"],
    ]

    /// The preset named `name`, if there is one.
    public static func preset(named name: String) -> AgentCommand? {
        presets[name].map { AgentCommand(template: $0, preset: name) }
    }

    /// Role settings that are set but that `preset`'s CLI cannot take on its command line.
    /// With no preset, the role's own command is the template (a role without one gives none).
    public static func notApplicable(preset: String?, role: Role) -> [UnusableSetting] {
        if let preset { return Self.preset(named: preset)?.notApplicable(to: role) ?? [] }
        guard let text = role.command, let command = try? parse(text) else { return [] }
        return command.notApplicable(to: role)
    }

    /// Role settings that are set but that this command has no placeholder for.
    public func notApplicable(to role: Role) -> [UnusableSetting] {
        // What cannot take the setting, in the words a person reading the warning would use.
        let subject = preset ?? "the command template"
        func missing(_ placeholder: Placeholder, flag: String) -> String {
            preset == nil ? "has no \(placeholder.token)" : "takes no \(flag) flag"
        }
        func set(_ value: String?) -> String? { value?.isEmpty == false ? value : nil }
        func unusable(_ setting: String, _ value: String, _ consequence: String) -> UnusableSetting {
            UnusableSetting(setting: setting, value: value, role: role.name, consequence: "\(subject) \(consequence)")
        }

        var settings: [UnusableSetting] = []
        if let model = set(role.model), !uses(.model) {
            settings.append(unusable("model", model, "\(missing(.model, flag: "model")); it reaches the agent only as GIT_AGENTS_MODEL"))
        }
        if let temperature = set(role.temperature), !uses(.temperature) {
            settings.append(unusable("temperature", temperature,
                                     "\(missing(.temperature, flag: "temperature")); it reaches the agent only as GIT_AGENTS_TEMPERATURE"))
        }
        if let maxTokens = set(role.maxTokens), !uses(.maxTokens) {
            settings.append(unusable("maxTokens", maxTokens,
                                     "\(missing(.maxTokens, flag: "max-tokens")); it reaches the agent only as GIT_AGENTS_MAX_TOKENS"))
        }
        if !role.mcpServers.isEmpty, !uses(.mcpConfig) {
            let how = preset.map { "takes no MCP configuration on its command line; configure the servers in \($0)'s own settings" }
                ?? "has no \(Placeholder.mcpConfig.token); the servers are not passed to the agent"
            settings.append(unusable("mcpServers", role.mcpServers.joined(separator: ", "), how))
        }
        return settings
    }
}
