// Reads every layer of SPEC §4, lowest first, into one `Configuration`.
import Foundation
import GitKit

public enum ConfigFiles {
    public static let gitagents = ".gitagents"
    public static let kilocodeManager = ".kilocode/agent-manager.json"
    public static let kilocodeAgents = ".kilocode/agents-config.json"
    /// MCP server definitions (their commands run when a role names the server).
    public static let mcp = [".mcp.json", ".kilocode/mcp.json"]
    /// The committed files that may name commands, relative to the worktree root.
    public static let committed = [kilocodeManager, kilocodeAgents, gitagents] + mcp
}

extension Configuration {
    /// Built-in defaults < .kilocode/*.json < .gitagents < system/xdg/~/.gitconfig < .git/config < flags.
    public static func load(_ workspace: Workspace, flags: [String: [String]] = [:]) throws -> Configuration {
        var configuration = Configuration()
        for (key, value) in defaults(for: workspace) {
            configuration.apply(key, [value], from: ConfigOrigin(layer: .defaults, file: nil))
        }
        let root = URL(fileURLWithPath: workspace.worktreeRoot)
        for relative in [ConfigFiles.kilocodeManager, ConfigFiles.kilocodeAgents] {
            let path = root.appendingPathComponent(relative).path
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let imported = try KilocodeImport.read(data, file: relative)
            configuration.committedFileHashes[relative] = try Repository.blobID(of: data).hex
            configuration.unsupported += imported.unsupported
            for (key, values) in imported.settings {
                configuration.apply(key, values, from: ConfigOrigin(layer: .kilocode, file: relative))
            }
        }
        for relative in ConfigFiles.mcp {
            if let data = FileManager.default.contents(atPath: root.appendingPathComponent(relative).path) {
                configuration.committedFileHashes[relative] = try Repository.blobID(of: data).hex
            }
        }
        let gitagents = root.appendingPathComponent(ConfigFiles.gitagents).path
        if let data = FileManager.default.contents(atPath: gitagents) {
            configuration.committedFileHashes[ConfigFiles.gitagents] = try Repository.blobID(of: data).hex
            try configuration.applyGitConfigFile(gitagents, shownAs: ConfigFiles.gitagents, layer: .gitagents)
        }
        for (level, path) in GitConfig.userFiles() {
            let layer: ConfigLayer = switch level {
            case .system: .system
            case .xdg: .xdg
            default: .global
            }
            try configuration.applyGitConfigFile(path, shownAs: path, layer: layer)
        }
        try configuration.applyGitConfigFile(workspace.commonDir + "/config", shownAs: workspace.commonDir + "/config",
                                             layer: .local)
        for (key, values) in flags.sorted(by: { $0.key < $1.key }) {
            configuration.apply(key, values, from: ConfigOrigin(layer: .flags, file: nil))
        }
        return configuration
    }

    static func defaults(for workspace: Workspace) -> [(String, String)] {
        defaults(repositoryName: workspace.repositoryName)
    }

    /// The built-in values, in a repository named `repositoryName` (the man page shows them for `<repo>`).
    public static func defaults(repositoryName: String) -> [(String, String)] {
        [
            ("agents.maxParallel", "4"),
            ("agents.worktreeBase", "../\(repositoryName)-worktrees"),
            ("agents.mergeStrategy", MergeStrategy.orchestratorReview.rawValue),
            ("agents.requireTests", "false"),
            ("agents.createPullRequest", "false"),
            ("agents.timeout", "60m"),
            ("agents.stallTimeout", "10m"),
            ("agents.orchestratorTimeout", "10m"),
            ("agents.autoCleanup", "false"),
            ("agents.pushSessions", "false"),
            ("agents.maxArtifactSize", "10M"),
            ("agents.reviewGate", "true"),
        ]
    }

    /// One git-config file through libgit2's parser; a syntax error names the file and line (exit 2).
    mutating func applyGitConfigFile(_ path: String, shownAs name: String, layer: ConfigLayer) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let entries: [ConfigEntry]
        do {
            entries = try GitConfig.open(file: path).entries()
        } catch let error as GitError {
            throw AgentsError.usage("\(name): \(error.message)", hint: "fix the line named, then run: git agents doctor")
        }
        if layer.isCommitted { try CommittedIncludes.refuse(path, shownAs: name, entries: entries) }
        // Repeated keys in one file accumulate (list keys); the file as a whole then replaces lower layers.
        var collected: [(String, [String])] = []
        for entry in entries {
            guard let key = ConfigKeys.canonical(entry.name) else { continue }
            if let index = collected.firstIndex(where: { $0.0 == key }) {
                collected[index].1.append(entry.value)
            } else {
                collected.append((key, [entry.value]))
            }
        }
        for (key, values) in collected {
            apply(key, values, from: ConfigOrigin(layer: layer, file: name))
        }
    }
}
