// Every configuration key with its kind, built-in default and meaning, for the man page's CONFIGURATION
// section: read from the key table, so a key added there is documented (if only by name) without a step.
import Foundation

public struct ConfigKeyReference: Sendable, Equatable {
    /// `agents.maxParallel`, or `role.<name>.model`.
    public let key: String
    public let kind: ConfigKeyKind
    /// The built-in value in a repository named `<repo>`; nil when the key has none.
    public let defaultValue: String?
    /// One line on what the key does; nil for a key nobody described yet.
    public let summary: String?
}

extension ConfigKeys {
    /// `agents.*` keys, then `role.<name>.*` keys, each sorted by name.
    public static var reference: [ConfigKeyReference] {
        let defaults = Dictionary(Configuration.defaults(repositoryName: "<repo>"), uniquingKeysWith: { $1 })
        let agentKeys = agents.keys.sorted().map { name in
            ConfigKeyReference(key: "agents." + name, kind: agents[name]!, defaultValue: defaults["agents." + name],
                               summary: summaries["agents." + name])
        }
        let roleKeys = role.keys.sorted().map { name in
            ConfigKeyReference(key: "role.<name>." + name, kind: role[name]!, defaultValue: nil,
                               summary: summaries["role." + name])
        }
        return agentKeys + roleKeys
    }

    private static let summaries: [String: String] = [
        "agents.enabled": "false turns git-agents off for this repository (the seed's enabled field).",
        "agents.maxParallel": "How many agents run at once.",
        "agents.worktreeBase": "The folder that holds the agents' worktrees.",
        "agents.command": "The default agent command: a preset or an argv template.",
        "agents.orchestrator": "The command that plans a task and reviews the agents' work.",
        "agents.orchestratorModel": "The orchestrator's {model}.",
        "agents.orchestratorTemperature": "The orchestrator's {temperature}.",
        "agents.orchestratorTimeout": "How long one orchestrator call (plan, review, resolve --auto, a message) may take.",
        "agents.mergeStrategy": "orchestrator-review, auto or manual.",
        "agents.requireTests": "Merge only when agents.testCommand passes on the integrated result.",
        "agents.testCommand": "The command that tests an integrated result.",
        "agents.createPullRequest": "With the manual strategy, push the integration branch and run agents.prCommand.",
        "agents.prCommand": "The command that opens a pull request, e.g. gh pr create.",
        "agents.remote": "The remote pull requests are pushed to.",
        "agents.setup": "A command run in each new worktree before its agent starts.",
        "agents.copy": "Ignored files copied into each new worktree, e.g. .env.",
        "agents.maxMemoryPerAgent": "Memory limit per agent, e.g. 2G.",
        "agents.maxCpuPerAgent": "How many CPUs each agent may use.",
        "agents.timeout": "Wall-clock limit per agent run, e.g. 30m.",
        "agents.stallTimeout": "An agent silent this long is shown as stalled.",
        "agents.autoCleanup": "Clean up after an agent branch is merged by hand.",
        "agents.pushSessions": "Push session refs and notes along with git push.",
        "agents.reviewGate": "Refuse a hand git merge of rejected or changes-requested agent work (git -c agents.reviewGate=false overrides once).",
        "agents.cloneName": "This clone's name on remotes for git agents push/fetch; read from .git/config only, made on first use.",
        "agents.model": "The default {model} of every role.",
        "agents.temperature": "The default {temperature} of every role.",
        "agents.maxTokens": "The default {maxTokens} of every role.",
        "agents.trusted": "Content hashes of committed files trusted by git agents trust.",
        "agents.maxArtifactSize": "The largest artifact artifact put takes or an agent may leave (10M when unset).",
        "role.description": "What the role does; framed into its agent's prompt.",
        "role.dependsOn": "Roles whose work this role builds on.",
        "role.command": "The role's agent command, instead of agents.command.",
        "role.model": "The role's {model}.",
        "role.temperature": "The role's {temperature}.",
        "role.maxTokens": "The role's {maxTokens}.",
        "role.skills": "Skill folders whose SKILL.md joins the prompt.",
        "role.mcpServers": "MCP servers from .mcp.json given to the agent as {mcpConfig}.",
        "role.worktreePrefix": "Worktree folder names: <prefix>-NNN.",
        "role.branchPrefix": "Branch names: <prefix>-NNN, instead of agents/<session>/<agent>.",
        "role.paths": "The folders the role owns.",
    ]
}
