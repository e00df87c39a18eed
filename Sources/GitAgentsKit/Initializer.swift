// `git agents init`: a starter .gitagents with the seed's four roles and the agent CLI found on PATH. Over
// an existing configuration (the seed's `.kilocode/*.json`, roles in git config) it adds only what is lacking.
import Foundation

public struct InitResult: Sendable {
    public let file: String
    public let found: [(name: String, path: String)]
    /// The agent command written into the file; nil when none was.
    public let chosen: String?
    public let trusted: Bool
    /// The seed's files that were read first, and the keys the new file adds to what they set.
    public let seedFiles: [String]
    public let added: [String]
    /// `agents.command` as it was already configured, with where it came from.
    public let existingCommand: ConfigValue?
    /// Every configured role after init with its dependencies, by name.
    public let roles: [(name: String, dependsOn: [String])]
}

public enum Initializer {
    /// The seed's roles: name, description, worktree prefix, branch prefix, dependencies.
    static let starterRoles: [(String, String, String, String, [String])] = [
        ("database", "Database schema and migrations", "feature-db", "feature/db", []),
        ("api", "API endpoints and business logic", "feature-api", "feature/api", ["database"]),
        ("frontend", "UI components and styling", "feature-ui", "feature/ui", ["api"]),
        ("testing", "Unit and integration tests", "feature-tests", "feature/tests", ["database", "api", "frontend"]),
    ]

    public static func run(_ workspace: Workspace, force: Bool,
                           installed: [(name: String, path: String)] = AgentCLIs.installed()) throws -> InitResult {
        let path = workspace.worktreeRoot + "/" + ConfigFiles.gitagents
        if FileManager.default.fileExists(atPath: path), !force {
            throw AgentsError.usage("\(ConfigFiles.gitagents) exists already in \(workspace.worktreeRoot)",
                                    hint: "keep it, or replace it with: git agents init --force")
        }
        let existing = Existing(try Configuration.load(workspace))
        let command = existing.value("agents.command")
        let chosen = command == nil ? installed.first?.name : nil
        let (text, added) = starterFile(command: chosen, existing: existing)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        // The person running init wrote this file just now: its commands are theirs, so trust them.
        let configuration = try Configuration.load(workspace)
        let trusted = try Trust.trust([ConfigFiles.gitagents], workspace, configuration).contains { $0.file == ConfigFiles.gitagents }
        return InitResult(file: path, found: installed, chosen: chosen, trusted: trusted, seedFiles: existing.seedFiles,
                          added: added, existingCommand: command,
                          roles: configuration.roles.map { ($0.name, $0.dependsOn) })
    }

    /// What is configured before init, leaving out the `.gitagents` that `--force` replaces.
    struct Existing {
        let configuration: Configuration
        /// Roles configured anywhere else: init adds no roles beside them and imposes no dependencies on them.
        let roles: Set<String>
        let seedFiles: [String]

        init(_ configuration: Configuration) {
            self.configuration = configuration
            let all = configuration.values.values.flatMap { [$0] + (configuration.overridden[$0.key] ?? []) }
                .filter { $0.origin.layer != .gitagents && $0.origin.layer != .defaults }
            roles = Set(all.compactMap { value in
                guard value.key.hasPrefix("role.") else { return nil }
                return value.key.split(separator: ".").dropFirst().dropLast().joined(separator: ".")
            })
            seedFiles = [ConfigFiles.kilocodeManager, ConfigFiles.kilocodeAgents]
                .filter { file in all.contains { $0.origin.file == file } || configuration.unsupported.contains { $0.file == file } }
        }

        /// `key` as set by any layer but `.gitagents` and the built-in defaults.
        func value(_ key: String) -> ConfigValue? {
            if let value = configuration[key], value.origin.layer != .gitagents, value.origin.layer != .defaults { return value }
            return configuration.overridden[key]?.last { $0.origin.layer != .gitagents }
        }
    }

    /// The file's text and the keys it sets.
    static func starterFile(command: String?, existing: Existing = Existing(Configuration())) -> (String, [String]) {
        var text = """
        # git-agents configuration (git-config syntax, like .gitmodules). Commit it with the project.
        # See the resolved values with: git agents config --list --show-origin

        """
        if !existing.seedFiles.isEmpty {
            text += "# Read together with \(existing.seedFiles.joined(separator: " and ")) (Kilo Code's configuration):\n"
            text += "# this file adds only what they do not set; a value set here would override theirs.\n"
        }
        text += "\n[agents]\n"
        var added: [String] = []
        func add(_ key: String, _ value: String) {
            text += "\t\(key.split(separator: ".").last!) = \(value)\n"
            added.append(key)
        }
        if let configured = existing.value("agents.command") {
            let place = configured.origin.layer.isCommitted ? configured.origin.file ?? "" : "your git config (\(configured.origin.layer.rawValue))"
            text += "\t# agents.command is set in \(place)\n"
        } else if let command {
            add("agents.command", command)
        } else {
            text += "\t# No agent CLI was found on PATH. Name one (claude, codex, aider, gemini, qwen, opencode,\n"
            text += "\t# kilocode) or an argv template such as: mytool --yes {prompt}\n"
            text += "\t# command = claude\n"
        }
        if existing.value("agents.maxParallel") == nil { add("agents.maxParallel", "4") }
        if existing.value("agents.mergeStrategy") == nil { add("agents.mergeStrategy", MergeStrategy.orchestratorReview.rawValue) }
        for (name, description, worktreePrefix, branchPrefix, dependsOn) in starterRoles {
            let known = existing.roles.contains(name)
            guard known || existing.roles.isEmpty else { continue }
            var lines = ""
            for (field, value) in [("description", description), ("worktreePrefix", worktreePrefix), ("branchPrefix", branchPrefix)]
            where existing.value("role.\(name).\(field)") == nil {
                lines += "\t\(field) = \(value)\n"
                added.append("role.\(name).\(field)")
            }
            if !known {
                for dependency in dependsOn { lines += "\tdependsOn = \(dependency)\n" }
                if !dependsOn.isEmpty { added.append("role.\(name).dependsOn") }
            }
            if !lines.isEmpty { text += "\n[role \"\(name)\"]\n" + lines }
        }
        return (text, added)
    }
}
