// `git agents init`: a starter .gitagents with the seed's four roles and the agent CLI found on PATH.
import Foundation

public struct InitResult: Sendable {
    public let file: String
    public let found: [(name: String, path: String)]
    public let chosen: String?
    public let trusted: Bool
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
        let chosen = installed.first?.name
        try starterFile(command: chosen).write(toFile: path, atomically: true, encoding: .utf8)
        // The person running init wrote this file just now: its commands are theirs, so trust them.
        let configuration = try Configuration.load(workspace)
        let trusted = try Trust.trust([ConfigFiles.gitagents], workspace, configuration).contains { $0.file == ConfigFiles.gitagents }
        return InitResult(file: path, found: installed, chosen: chosen, trusted: trusted)
    }

    static func starterFile(command: String?) -> String {
        var text = """
        # git-agents configuration (git-config syntax, like .gitmodules). Commit it with the project.
        # See the resolved values with: git agents config --list --show-origin

        [agents]

        """
        if let command {
            text += "\tcommand = \(command)\n"
        } else {
            text += "\t# No agent CLI was found on PATH. Name one (claude, codex, aider, gemini, qwen, opencode,\n"
            text += "\t# kilocode) or an argv template such as: mytool --yes {prompt}\n"
            text += "\t# command = claude\n"
        }
        text += "\tmaxParallel = 4\n\tmergeStrategy = orchestrator-review\n"
        for (name, description, worktreePrefix, branchPrefix, dependsOn) in starterRoles {
            text += "\n[role \"\(name)\"]\n\tdescription = \(description)\n"
            text += "\tworktreePrefix = \(worktreePrefix)\n\tbranchPrefix = \(branchPrefix)\n"
            for dependency in dependsOn { text += "\tdependsOn = \(dependency)\n" }
        }
        return text
    }
}
