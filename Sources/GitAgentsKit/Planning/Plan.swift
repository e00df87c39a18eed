// A plan (SPEC §3): who does what, and who waits for whom. Read from JSON in our shape or the seed's.
import Foundation

public struct PlannedAgent: Codable, Sendable, Equatable {
    public var name: String
    public var role: String
    public var task: String
    /// The assignment at a glance ("Schema design"); nil lets the record derive one from the task.
    public var title: String?
    public var dependsOn: [String]
    /// Extra skills beyond the role's (the seed's session patterns name them per agent).
    public var skills: [String]
    /// The folders this agent owns (a role's `paths`, or a pattern's `directory`).
    public var paths: [String]
    /// A branch name chosen by the plan (a pattern's `worktree`), else derived from the role.
    public var branch: String?

    public init(name: String, role: String, task: String, title: String? = nil, dependsOn: [String] = [],
                skills: [String] = [], paths: [String] = [], branch: String? = nil) {
        self.name = name
        self.role = role
        self.task = task
        self.title = title
        self.dependsOn = dependsOn
        self.skills = skills
        self.paths = paths
        self.branch = branch
    }
}

public struct Plan: Codable, Sendable, Equatable {
    public var agents: [PlannedAgent]
    /// Waves of agent names (`--batch-size`): a wave starts when the one before it has ended.
    public var waves: [[String]]
    /// A seed session pattern's `session.name`, shown by `start`.
    public var name: String?

    public init(agents: [PlannedAgent], batchSize: Int? = nil) {
        self.agents = agents
        let names = agents.map(\.name)
        if let batchSize, batchSize > 0 {
            waves = stride(from: 0, to: names.count, by: batchSize).map { Array(names[$0..<min($0 + batchSize, names.count)]) }
        } else {
            waves = [names]
        }
    }
}

/// One entry of a plan as written in JSON, before defaults are filled in.
struct PlanEntry: Decodable {
    var name: String?
    var role: String?
    var task: String?
    var title: String?
    var dependsOn: [String]?
    var skills: [String]?
    var paths: [String]?
    var directory: String?
    var worktree: String?
    var branch: String?
}

/// The two accepted shapes: `{"agents": […]}` and the seed's `{"session": {"name": …, "agents": […]}}`.
struct PlanDocument: Decodable {
    struct SessionPattern: Decodable {
        var name: String?
        var agents: [PlanEntry]
    }

    var agents: [PlanEntry]?
    var session: SessionPattern?

    /// The entries, whether they came from a seed session pattern (whose roles define themselves), and its name.
    static func parse(_ data: Data, source: String) throws -> (entries: [PlanEntry], isPattern: Bool, name: String?) {
        let example = #"a plan looks like {"agents": [{"name": "db", "role": "database", "title": "Schema", "task": "…", "dependsOn": []}]}"#
        do {
            _ = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw AgentsError.usage("\(source):\(JSONErrorLocation.line(of: error, in: data)): not valid JSON", hint: example)
        }
        let document: PlanDocument
        do {
            document = try JSONDecoder().decode(PlanDocument.self, from: data)
        } catch {
            throw AgentsError.usage("\(source): not a plan: \(Self.describe(error))", hint: example)
        }
        if let agents = document.agents { return (agents, false, nil) }
        if let pattern = document.session { return (pattern.agents, true, pattern.name) }
        throw AgentsError.usage("\(source): a plan needs an \"agents\" list (or the seed's \"session\": {\"agents\": …})")
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.keyNotFound(_, let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return "\(path.isEmpty ? "top level" : path): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
