// Reads the seed's `.kilocode/agent-manager.json` and `.kilocode/agents-config.json` as git-agents keys.
// Every field is either mapped to a key or reported as unsupported with the reason: nothing is dropped silently.
import Foundation

public struct UnsupportedSetting: Sendable, Equatable, Codable {
    public let file: String
    /// The JSON path of the field, e.g. `caching.enabled`.
    public let field: String
    public let reason: String
}

struct KilocodeImport {
    /// Keys with their values, in file order.
    var settings: [(key: String, values: [String])] = []
    var unsupported: [UnsupportedSetting] = []
    let file: String

    /// Parses `data` (the content of `file`); malformed JSON is a configuration error naming file and line.
    static func read(_ data: Data, file: String) throws -> KilocodeImport {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw AgentsError.usage("\(file):\(JSONErrorLocation.line(of: error, in: data)): not valid JSON",
                                    hint: "fix the file, or remove it if you do not use Kilo Code")
        }
        guard let root = object as? [String: Any] else {
            throw AgentsError.usage("\(file):1: expected a JSON object at the top level")
        }
        var result = KilocodeImport(file: file)
        result.importRoot(root)
        return result
    }

    private mutating func importRoot(_ root: [String: Any]) {
        for (field, value) in root.sortedByKey {
            switch field {
            case "enabled": set("agents.enabled", value, field)
            case "maxParallelAgents": set("agents.maxParallel", value, field)
            case "worktreeBasePath": set("agents.worktreeBase", value, field)
            case "command": set("agents.command", value, field)
            case "orchestrator": importOrchestrator(value, field)
            case "agents": importAgents(value, field)
            case "roles": importRoles(value, field)
            case "merge": importMerge(value, field)
            case "resources": importResources(value, field)
            case "dependencies": importDependencies(value, field)
            case "caching":
                report(field, value, "git-agents keeps no model or embedding caches; each agent CLI manages its own")
            case "session":
                report(field, value, "a session pattern is a plan: pass it with git agents start --plan FILE")
            default: report(field, value, "not a git-agents setting")
            }
        }
    }

    private mutating func importOrchestrator(_ value: Any, _ path: String) {
        guard let object = object(value, path) else { return }
        for (field, value) in object.sortedByKey {
            switch field {
            case "model": set("agents.orchestratorModel", value, "\(path).\(field)")
            case "temperature": set("agents.orchestratorTemperature", value, "\(path).\(field)")
            case "command": set("agents.orchestrator", value, "\(path).\(field)")
            default: report("\(path).\(field)", value, "not an orchestrator setting of git-agents")
            }
        }
    }

    /// `agents.default` sets every role's defaults; `agents.<role>` one role's model settings.
    private mutating func importAgents(_ value: Any, _ path: String) {
        guard let object = object(value, path) else { return }
        for (role, settings) in object.sortedByKey {
            guard let settings = self.object(settings, "\(path).\(role)") else { continue }
            let prefix = role == "default" ? "agents" : "role.\(role)"
            for (field, value) in settings.sortedByKey {
                let fieldPath = "\(path).\(role).\(field)"
                switch field {
                case "model", "temperature", "maxTokens", "command":
                    set("\(prefix).\(field)", value, fieldPath)
                case "skills", "mcpServers", "dependsOn", "description", "paths":
                    if role == "default" {
                        report(fieldPath, value, "set \(field) per role, under roles.<name>")
                    } else {
                        set("\(prefix).\(field)", value, fieldPath)
                    }
                default: report(fieldPath, value, "not an agent setting of git-agents")
                }
            }
        }
    }

    private mutating func importRoles(_ value: Any, _ path: String) {
        guard let object = object(value, path) else { return }
        for (role, settings) in object.sortedByKey {
            guard let settings = self.object(settings, "\(path).\(role)") else { continue }
            for (field, value) in settings.sortedByKey {
                let fieldPath = "\(path).\(role).\(field)"
                switch field {
                case "description", "worktreePrefix", "skills", "mcpServers", "dependsOn", "model",
                     "temperature", "maxTokens", "command", "paths", "branchPrefix":
                    set("role.\(role).\(field)", value, fieldPath)
                case "directory": set("role.\(role).paths", value, fieldPath)
                case "branches":
                    guard let branches = self.object(value, fieldPath) else { continue }
                    for (branchField, branchValue) in branches.sortedByKey {
                        if branchField == "prefix" {
                            set("role.\(role).branchPrefix", branchValue, "\(fieldPath).prefix")
                        } else {
                            report("\(fieldPath).\(branchField)", branchValue, "only branches.prefix is supported")
                        }
                    }
                default: report(fieldPath, value, "not a role setting of git-agents")
                }
            }
        }
    }

    private mutating func importMerge(_ value: Any, _ path: String) {
        guard let object = object(value, path) else { return }
        for (field, value) in object.sortedByKey {
            let fieldPath = "\(path).\(field)"
            switch field {
            case "strategy": set("agents.mergeStrategy", value, fieldPath)
            case "requireTests": set("agents.requireTests", value, fieldPath)
            case "createPullRequest": set("agents.createPullRequest", value, fieldPath)
            case "testCommand": set("agents.testCommand", value, fieldPath)
            case "autoCommit":
                report(fieldPath, value, "git-agents always records a merge as a commit; use strategy \"manual\" to merge nothing")
            default: report(fieldPath, value, "not a merge setting of git-agents")
            }
        }
    }

    private mutating func importResources(_ value: Any, _ path: String) {
        guard let object = object(value, path) else { return }
        for (field, value) in object.sortedByKey {
            let fieldPath = "\(path).\(field)"
            switch field {
            case "maxCpuPerAgent": set("agents.maxCpuPerAgent", value, fieldPath)
            case "maxMemoryPerAgent": set("agents.maxMemoryPerAgent", value, fieldPath)
            case "maxConcurrentAgents": set("agents.maxParallel", value, fieldPath)
            case "priorityMode": report(fieldPath, value, "agents run at equal priority; limit them with maxCpuPerAgent")
            default: report(fieldPath, value, "not a resource setting of git-agents")
            }
        }
    }

    private mutating func importDependencies(_ value: Any, _ path: String) {
        guard let object = object(value, path) else { return }
        for (role, dependencies) in object.sortedByKey {
            set("role.\(role).dependsOn", dependencies, "\(path).\(role)")
        }
    }

    // MARK: Values

    private mutating func object(_ value: Any, _ path: String) -> [String: Any]? {
        if let object = value as? [String: Any] { return object }
        report(path, value, "expected a JSON object")
        return nil
    }

    private mutating func set(_ key: String, _ value: Any, _ path: String) {
        guard let values = Self.strings(value) else {
            report(path, value, "expected a string, number, boolean or list of strings")
            return
        }
        settings.append((key, values))
    }

    /// One entry per leaf field (`caching.enabled`, not `caching`), so every field of the file is accounted for.
    private mutating func report(_ path: String, _ value: Any, _ reason: String) {
        if let object = value as? [String: Any], !object.isEmpty {
            for (field, value) in object.sortedByKey { report("\(path).\(field)", value, reason) }
            return
        }
        unsupported.append(UnsupportedSetting(file: file, field: path, reason: reason))
    }

    static func strings(_ value: Any) -> [String]? {
        switch value {
        case let text as String: return [text]
        case let number as NSNumber:
            // JSON booleans arrive as NSNumber too; their C type ("c") tells them apart from numbers.
            if String(cString: number.objCType) == "c" { return [number.boolValue ? "true" : "false"] }
            return [number.stringValue]
        case let list as [Any]:
            var result: [String] = []
            for item in list {
                guard let text = strings(item), text.count == 1 else { return nil }
                result += text
            }
            return result
        default: return nil
        }
    }
}

extension Dictionary where Key == String {
    /// Stable order for reports: JSONSerialization does not keep the file's order.
    var sortedByKey: [(key: String, value: Value)] { sorted { $0.key < $1.key } }
}

/// Turns Foundation's "around character N" (a byte offset) into a line number.
enum JSONErrorLocation {
    static func line(of error: Error, in data: Data) -> Int {
        let description = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
        // "Unexpected end of file" carries no offset: the file stops short on its last non-blank line.
        if description.localizedCaseInsensitiveContains("end of file") {
            let content = data.reversed().drop { [0x0A, 0x0D, 0x20, 0x09].contains($0) }
            return 1 + content.filter { $0 == 0x0A }.count
        }
        guard let range = description.range(of: #"character (\d+)"#, options: .regularExpression),
              let offset = Int(description[range].split(separator: " ").last ?? "") else { return 1 }
        return 1 + data.prefix(offset).filter { $0 == 0x0A }.count
    }
}
