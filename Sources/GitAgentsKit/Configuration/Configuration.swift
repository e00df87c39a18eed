// The resolved configuration of SPEC §4: every key's values and the layer and file they came from.
import Foundation

public enum ConfigLayer: String, Codable, Sendable, CaseIterable, Comparable {
    case defaults = "default", kilocode, gitagents, system, xdg, global, local, flags

    /// Files of these layers are committed with the repository: commands in them need `git agents trust`.
    public var isCommitted: Bool { self == .kilocode || self == .gitagents }

    public static func < (a: ConfigLayer, b: ConfigLayer) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

public struct ConfigOrigin: Codable, Sendable, Equatable {
    public let layer: ConfigLayer
    /// The file the value was read from; nil for built-in defaults and flags.
    public let file: String?
}

public struct ConfigValue: Sendable, Equatable {
    public let key: String
    /// One value, or several for list keys.
    public let values: [String]
    public let origin: ConfigOrigin

    public var value: String { values.last ?? "" }
}

public struct Role: Sendable, Equatable {
    public let name: String
    public var description: String?
    public var dependsOn: [String]
    public var command: String?
    public var model: String?
    public var temperature: String?
    public var maxTokens: String?
    public var skills: [String]
    public var mcpServers: [String]
    public var worktreePrefix: String?
    public var branchPrefix: String?
    public var paths: [String]
}

public struct Configuration: Sendable {
    /// Resolved values by canonical key, the highest layer winning.
    public private(set) var values: [String: ConfigValue] = [:]
    /// Fields of the seed's JSON files that git-agents does not honour, with the reason.
    public internal(set) var unsupported: [UnsupportedSetting] = []
    /// Keys found in a file that git-agents does not know (likely typos), with where they were.
    public internal(set) var unknownKeys: [ConfigValue] = []
    /// Values a higher layer or a later file replaced, by key, oldest first (built-in defaults left out):
    /// `config --show-origin` shows that they were overridden, so nothing is replaced silently.
    public private(set) var overridden: [String: [ConfigValue]] = [:]
    /// Content hashes of committed files, by file path, for trust checks.
    var committedFileHashes: [String: String] = [:]

    /// Sets `key` from a higher layer: a higher layer replaces all values of a list key.
    mutating func apply(_ key: String, _ given: [String], from origin: ConfigOrigin) {
        guard let kind = ConfigKeys.kind(of: key) else {
            unknownKeys.append(ConfigValue(key: key, values: given, origin: origin))
            return
        }
        let expanded = kind == .list
            ? given.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
            : given
        if let previous = values[key], previous.origin != origin, previous.origin.layer != .defaults {
            overridden[key, default: []].append(previous)
        }
        values[key] = ConfigValue(key: key, values: expanded, origin: origin)
    }

    public subscript(key: String) -> ConfigValue? { values[key] }

    public func string(_ key: String) -> String? { values[key]?.value }
    public func list(_ key: String) -> [String] { values[key]?.values ?? [] }

    /// Every resolved value, agents.* first, then roles, each sorted by key.
    public var sortedValues: [ConfigValue] {
        values.values.sorted { ($0.key.hasPrefix("role.") ? 1 : 0, $0.key) < ($1.key.hasPrefix("role.") ? 1 : 0, $1.key) }
    }

    // MARK: Typed access

    public func integer(_ key: String) throws -> Int? {
        guard let value = values[key] else { return nil }
        guard let number = Int(value.value.trimmingCharacters(in: .whitespaces)) else {
            throw invalid(value, "a whole number")
        }
        return number
    }

    public func bool(_ key: String) throws -> Bool? {
        guard let value = values[key] else { return nil }
        guard let parsed = Self.bool(value.value) else { throw invalid(value, "true or false") }
        return parsed
    }

    /// A boolean as git spells it (an empty value is false); nil when it is none.
    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on", "1": true
        case "false", "no", "off", "0", "": false
        default: nil
        }
    }

    public func duration(_ key: String) throws -> TimeInterval? {
        guard let value = values[key] else { return nil }
        guard let seconds = Units.seconds(value.value) else { throw invalid(value, "a duration like 90s, 30m or 2h") }
        return seconds
    }

    public func memory(_ key: String) throws -> UInt64? {
        guard let value = values[key] else { return nil }
        guard let bytes = Units.bytes(value.value) else { throw invalid(value, "a size like 512M or 4GB") }
        return bytes
    }

    func invalid(_ value: ConfigValue, _ expected: String) -> AgentsError {
        .usage("\(value.key) = \(value.value) (\(value.origin.describe)) must be \(expected)",
               hint: "fix it with: git config \(value.key) VALUE, or in the file named")
    }

    /// Every value checked against its key's kind; the problems, one line each.
    public func validate() -> [AgentsError] {
        values.values.sorted { $0.key < $1.key }.compactMap { value in
            do {
                switch ConfigKeys.kind(of: value.key) {
                case .integer: _ = try integer(value.key)
                case .bool: _ = try bool(value.key)
                case .duration: _ = try duration(value.key)
                case .memory: _ = try memory(value.key)
                case .number:
                    if Double(value.value) == nil { throw invalid(value, "a number") }
                case .strategy:
                    if MergeStrategy(rawValue: value.value) == nil {
                        throw invalid(value, MergeStrategy.allCases.map(\.rawValue).joined(separator: ", ") + " (one of)")
                    }
                default: break
                }
                return nil
            } catch let error as AgentsError {
                return error
            } catch {
                return .usage("\(value.key): \(error)")
            }
        }
    }

    // MARK: Roles

    /// Every role any layer configures, by name.
    public var roles: [Role] {
        let names = Set(values.keys.compactMap { key -> String? in
            guard key.hasPrefix("role.") else { return nil }
            let parts = key.split(separator: ".", omittingEmptySubsequences: false)
            return parts[1..<(parts.count - 1)].joined(separator: ".")
        })
        return names.sorted().map(role(named:))
    }

    public func role(named name: String) -> Role {
        let prefix = "role.\(name)."
        return Role(name: name,
                    description: string(prefix + "description"),
                    dependsOn: list(prefix + "dependsOn"),
                    command: string(prefix + "command"),
                    model: string(prefix + "model") ?? string("agents.model"),
                    temperature: string(prefix + "temperature") ?? string("agents.temperature"),
                    maxTokens: string(prefix + "maxTokens") ?? string("agents.maxTokens"),
                    skills: list(prefix + "skills"),
                    mcpServers: list(prefix + "mcpServers"),
                    worktreePrefix: string(prefix + "worktreePrefix"),
                    branchPrefix: string(prefix + "branchPrefix"),
                    paths: list(prefix + "paths"))
    }
}

public enum MergeStrategy: String, CaseIterable, Sendable, Codable {
    case orchestratorReview = "orchestrator-review", auto, manual
}

extension ConfigOrigin {
    /// "file:.gitagents (gitagents)" or "default": where a value came from, for people.
    public var describe: String {
        if let file { return "file:\(file) (\(layer.rawValue))" }
        return layer.rawValue
    }
}
