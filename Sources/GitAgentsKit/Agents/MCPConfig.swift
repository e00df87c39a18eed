// Writes the MCP configuration file a role's agent gets (claude's --mcp-config) from the repository's MCP files.
import Foundation

/// Server definitions come from `<worktree>/.mcp.json` (Claude Code's project file) and then
/// `<worktree>/.kilocode/mcp.json` (the Kilo Code seed's), both `{"mcpServers": {name: definition}}`;
/// the first file that defines a name wins. The written file has the same shape, holding only the
/// role's servers, so one agent sees exactly the servers its role lists.
public enum MCPConfig {
    /// The files searched, relative to the worktree, in order.
    public static let sources = [".mcp.json", ".kilocode/mcp.json"]

    /// Kilo Code settings that mean nothing to other clients; dropped so strict readers accept the file.
    static let kilocodeOnlyKeys: Set<String> = ["alwaysAllow", "disabled", "disabledTools", "timeout", "watchPaths"]

    /// Writes the servers named in `servers` to `path` and returns a warning for each that is not written.
    /// The file is written even when no server is found, so a command that names it still starts.
    @discardableResult
    public static func write(servers: [String], worktree: String, to path: String) throws -> [String] {
        let definitions = try sources.map { source in
            // The worktree's file, never one a committed link points to elsewhere.
            try ContainedPath.check(source, in: worktree, for: "MCP servers")
            return try readServers(file: worktree + "/" + source)
        }
        var chosen: [String: Any] = [:]
        var warnings: [String] = []
        for name in servers where chosen[name] == nil {
            guard let index = definitions.firstIndex(where: { $0[name] != nil }) else {
                warnings.append("MCP server \(name): not defined in \(sources.joined(separator: " or "))")
                continue
            }
            guard var definition = definitions[index][name] as? [String: Any] else {
                warnings.append("MCP server \(name) in \(sources[index]): its definition is not a JSON object")
                continue
            }
            if sources[index].hasPrefix(".kilocode/") {
                if definition["disabled"] as? Bool == true {
                    warnings.append("MCP server \(name) is disabled in \(sources[index]); not passed to the agent")
                    continue
                }
                definition = definition.filter { !kilocodeOnlyKeys.contains($0.key) }
                // Kilo Code's name for the transport that Claude Code calls "http".
                if definition["type"] as? String == "streamable-http" { definition["type"] = "http" }
            }
            chosen[name] = definition
        }

        let data = try JSONSerialization.data(withJSONObject: ["mcpServers": chosen],
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            try FileProblem.guarding("create", folder) {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
        }
        // Owner-only: the servers' `env` holds API keys.
        try RuntimeFile.write(data + Data("\n".utf8), to: path)
        return warnings
    }

    /// The `mcpServers` object of `file`; empty when the file does not exist.
    static func readServers(file: String) throws -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: file) else { return [:] }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw AgentsError.usage("\(file) is not valid JSON", hint: "fix the file; it defines MCP servers as {\"mcpServers\": {...}}")
        }
        guard let root = object as? [String: Any] else {
            throw AgentsError.usage("\(file) is not a JSON object", hint: "it should look like {\"mcpServers\": {...}}")
        }
        guard let servers = root["mcpServers"] else { return [:] }
        guard let table = servers as? [String: Any] else {
            throw AgentsError.usage("mcpServers in \(file) is not a JSON object", hint: "it should map server names to definitions")
        }
        return table
    }
}
