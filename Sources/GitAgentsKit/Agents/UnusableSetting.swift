// A role setting an agent command cannot take, and the one warning `start` gives for all roles alike.
import Foundation

/// A role's model, temperature, maxTokens or mcpServers that the agent command has no place for.
public struct UnusableSetting: Sendable, Equatable, CustomStringConvertible {
    /// The setting's name as configured: `model`, `temperature`, `maxTokens`, `mcpServers`.
    public let setting: String
    public let value: String
    public let role: String
    /// What cannot take it and what happens instead, e.g. "claude takes no temperature flag; it reaches the
    /// agent only as GIT_AGENTS_TEMPERATURE".
    public let consequence: String

    public init(setting: String, value: String, role: String, consequence: String) {
        self.setting = setting
        self.value = value
        self.role = role
        self.consequence = consequence
    }

    /// One role's line, as `doctor` lists it.
    public var description: String { "\(setting) \(value) for role \(role): \(consequence)" }

    /// One line per setting and consequence naming every role it concerns: with the seed's configuration
    /// every role sets a temperature and maxTokens, which would otherwise be a line per role (or per agent,
    /// with `--over`) on every start.
    public static func merged(_ settings: [UnusableSetting]) -> [String] {
        var groups: [(key: String, members: [UnusableSetting])] = []
        for item in settings {
            let key = item.setting + "\u{0}" + item.consequence
            if let index = groups.firstIndex(where: { $0.key == key }) {
                if !groups[index].members.contains(where: { $0.role == item.role }) { groups[index].members.append(item) }
            } else {
                groups.append((key, [item]))
            }
        }
        return groups.map { group in
            let first = group.members[0]
            if group.members.count == 1 { return first.description }
            let roles: String
            if Set(group.members.map(\.value)).count == 1 {
                roles = "\(first.value) for roles \(group.members.map(\.role).joined(separator: ", "))"
            } else {
                roles = "for roles " + group.members.map { "\($0.role) (\($0.value))" }.joined(separator: ", ")
            }
            return "\(first.setting) \(roles): \(first.consequence)"
        }
    }
}
