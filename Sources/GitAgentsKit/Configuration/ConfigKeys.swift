// The configuration keys of SPEC §4: their canonical spelling, kind, and which ones name commands.
import Foundation

public enum ConfigKeyKind: Sendable {
    case string, list, integer, bool, number, duration, memory, strategy
}

public enum ConfigKeys {
    /// `agents.*` keys by canonical (camelCase) variable name.
    static let agents: [String: ConfigKeyKind] = [
        "enabled": .bool, "maxParallel": .integer, "worktreeBase": .string, "command": .string,
        "orchestrator": .string, "orchestratorModel": .string, "orchestratorTemperature": .number, "orchestratorTimeout": .duration,
        "mergeStrategy": .strategy, "requireTests": .bool, "testCommand": .string,
        "createPullRequest": .bool, "prCommand": .string, "remote": .string, "setup": .string, "copy": .list,
        "maxMemoryPerAgent": .memory, "maxCpuPerAgent": .integer, "timeout": .duration,
        "stallTimeout": .duration, "autoCleanup": .bool, "pushSessions": .bool, "cloneName": .string, "reviewGate": .bool,
        "model": .string, "temperature": .number, "maxTokens": .integer, "trusted": .list,
        "maxArtifactSize": .memory,
    ]

    /// `role.<name>.*` keys by canonical variable name.
    static let role: [String: ConfigKeyKind] = [
        "description": .string, "dependsOn": .list, "command": .string, "model": .string,
        "temperature": .number, "maxTokens": .integer, "skills": .list, "mcpServers": .list,
        "worktreePrefix": .string, "branchPrefix": .string, "paths": .list,
    ]

    /// Keys whose values are run as commands: from a committed file they need `git agents trust`.
    static let commandKeys: Set<String> = [
        "agents.command", "agents.orchestrator", "agents.setup", "agents.testCommand", "agents.prCommand",
    ]

    public static func isCommand(_ key: String) -> Bool {
        commandKeys.contains(key) || (key.hasPrefix("role.") && key.hasSuffix(".command"))
    }

    /// Keys that need `git agents trust` from a committed file: commands, and `agents.copy`, which decides
    /// what leaves the main worktree (a pulled `.gitagents` could otherwise copy `~/.ssh`-like files out).
    public static func needsTrust(_ key: String) -> Bool {
        isCommand(key) || key == "agents.copy"
    }

    /// git lower-cases section and variable names; this gives back `agents.maxParallel` for `agents.maxparallel`.
    /// Unknown keys come back as given; `nil` when the key is not ours at all.
    public static func canonical(_ key: String) -> String? {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { return nil }
        let section = parts[0].lowercased(), variable = parts[parts.count - 1]
        switch section {
        case "agents" where parts.count == 2:
            return "agents." + (canonicalName(variable, in: agents) ?? variable)
        case "role" where parts.count >= 3:
            let name = parts[1..<(parts.count - 1)].joined(separator: ".")
            return "role.\(name)." + (canonicalName(variable, in: role) ?? variable)
        default:
            return nil
        }
    }

    private static func canonicalName(_ variable: String, in table: [String: ConfigKeyKind]) -> String? {
        table.keys.first { $0.lowercased() == variable.lowercased() }
    }

    /// The kind of a canonical key, or nil when git-agents does not know it.
    public static func kind(of key: String) -> ConfigKeyKind? {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2, parts[0] == "agents" { return agents[parts[1]] }
        if parts.count >= 3, parts[0] == "role" { return role[parts[parts.count - 1]] }
        return nil
    }
}
