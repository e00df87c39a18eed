// Artifacts shared between the agents of a session (the seed's agent-artifacts/): each is a blob in the
// record under `artifacts/<role>/<name>` the moment it is put, with who put it, when and its size in the
// index document `artifacts.json` (docs/data-model.md).
import Foundation
import GitKit

/// One artifact as `artifact list` shows it. `agent` and `putAt` are nil for an artifact the index does not
/// know (written by a version that kept no index).
public struct Artifact: Codable, Equatable, Sendable {
    public let role: String
    public let name: String
    public let size: Int
    /// `file`, or `link` for a symbolic link (its content is the link's target text).
    public let type: String
    public let agent: String?
    public let putAt: Date?

    public var path: String { role + "/" + name }

    /// Every field is written, an unknown one as null (docs/data-model.md).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role, forKey: .role)
        try container.encode(name, forKey: .name)
        try container.encode(size, forKey: .size)
        try container.encode(type, forKey: .type)
        try container.encode(agent, forKey: .agent)
        try container.encode(putAt, forKey: .putAt)
    }
}

public enum Artifacts {
    static let folder = "artifacts/"
    static let indexPath = "artifacts.json"

    /// Puts `file` into the session record as agent `agent`'s artifact `name` (default: the file's own name),
    /// in one record commit: a running dependant or a person can read it at once.
    @discardableResult
    public static func put(_ workspace: Workspace, session: String, agent: String, file: String,
                           name: String?) throws -> Artifact {
        let name = name ?? (file as NSString).lastPathComponent
        try ArtifactName.check(name)
        let content = try ArtifactName.read(file, limit: try ArtifactName.limit(workspace))
        let store = SessionStore(repository: workspace.repository)
        guard let record = try store.load(session).agent(agent) else {
            throw AgentsError.usage("session \(session) has no agent '\(agent)'", hint: "see its agents with: git agents status")
        }
        let at = Date()
        try store.update(session, activity: "\(agent): put artifact \(record.role)/\(name)") { document in
            if let problem = try place(content, name: name, by: record, at: at, in: &document) {
                throw AgentsError.usage(problem, hint: "choose another name")
            }
        }
        return Artifact(role: record.role, name: name, size: content.data.count, type: typeName(content.mode),
                        agent: agent, putAt: at)
    }

    /// The session and agent an `artifact put` run from an agent's worktree (or with its GIT_AGENTS_SESSION and
    /// GIT_AGENTS_AGENT) puts for.
    public static func agentHere(_ workspace: Workspace,
                                 environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (session: String, agent: String) {
        try ProgressReport.locate(workspace, environment: environment, command: "artifact put")
    }

    /// Writes one artifact and its index entry into `document`; the reason when its path cannot be a file
    /// because another artifact's path is a folder of it, or the other way round, or when another agent of the
    /// same role put that name (several agents share a role with `--over`: one must not replace another's
    /// artifact). Nothing is written then.
    static func place(_ content: ArtifactContent, name: String, by agent: AgentRecord, at time: Date,
                      in document: inout SessionDocument) throws -> String? {
        let path = folder + agent.role + "/" + name
        var index = ArtifactIndex.read(document.tree)
        if let owner = index.entries[agent.role + "/" + name]?.agent, owner != agent.name {
            return "\(agent.role)/\(name) was put by agent \(owner), which has the same role (name yours \(agent.name)/\(name))"
        }
        let paths = document.tree.paths
        if paths.contains(where: { $0.hasPrefix(path + "/") }) {
            return "\(agent.role)/\(name) is a folder of other artifacts"
        }
        var prefix = folder + agent.role
        for component in name.split(separator: "/").dropLast() {
            prefix += "/" + component
            if paths.contains(prefix) { return "\(prefix.dropFirst(folder.count)) is an artifact, not a folder" }
        }
        document.tree.set(content.data, at: path, mode: content.mode)
        index.entries[agent.role + "/" + name] = ArtifactIndex.Entry(agent: agent.name, putAt: time, size: content.data.count,
                                                                      type: typeName(content.mode))
        try index.write(into: &document.tree)
        return nil
    }

    /// The content of artifact `ROLE/NAME` and whether it is a symbolic link (then the content is its target).
    public static func get(_ workspace: Workspace, session: String, path: String) throws -> (content: Data, isLink: Bool) {
        try ArtifactName.check(path)
        let tree = try SessionStore(repository: workspace.repository).load(session).tree
        let recordPath = folder + path
        guard path.contains("/"), let mode = tree.mode(at: recordPath), let data = try tree.data(at: recordPath) else {
            throw AgentsError.usage("session \(session) has no artifact \(path.debugDescription)",
                                    hint: "see them with: git agents artifact list --session \(session)")
        }
        return (data, mode == .link)
    }

    /// Every artifact of the session, by role then name.
    public static func list(_ workspace: Workspace, session: String) throws -> [Artifact] {
        let tree = try SessionStore(repository: workspace.repository).load(session).tree
        let index = ArtifactIndex.read(tree)
        return try tree.paths.filter { $0.hasPrefix(folder) }.compactMap { recordPath in
            let path = String(recordPath.dropFirst(folder.count))
            let parts = path.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return nil }
            let entry = index.entries[path]
            let type = typeName(tree.mode(at: recordPath) ?? .file)
            let size = try entry?.size ?? tree.data(at: recordPath)?.count ?? 0
            return Artifact(role: parts[0], name: parts[1], size: size, type: type, agent: entry?.agent, putAt: entry?.putAt)
        }
    }

    static func typeName(_ mode: TreeFile.Mode) -> String { mode == .link ? "link" : "file" }
}

/// `artifacts.json`: who put each artifact, when, and its size, by `ROLE/NAME`. Read leniently: an entry or a
/// field that cannot be read is left out, and fields a newer version added are kept when this one rewrites it.
struct ArtifactIndex {
    struct Entry: Codable {
        var agent: String?
        var putAt: Date?
        var size: Int?
        var type: String?

        init(agent: String, putAt: Date, size: Int, type: String) {
            (self.agent, self.putAt, self.size, self.type) = (agent, putAt, size, type)
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            agent = try? container.decode(String.self, forKey: .agent)
            putAt = try? container.decode(Date.self, forKey: .putAt)
            size = try? container.decode(Int.self, forKey: .size)
            type = try? container.decode(String.self, forKey: .type)
        }
    }

    private struct Document: Encodable {
        let formatVersion = 1
        let artifacts: [String: Entry]
    }

    var entries: [String: Entry] = [:]
    private var original: Data?

    static func read(_ tree: RecordTree) -> ArtifactIndex {
        var index = ArtifactIndex()
        guard let data = try? tree.data(at: Artifacts.indexPath) else { return index }
        index.original = data
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        for (path, value) in object?["artifacts"] as? [String: Any] ?? [:] {
            // Only an object can be an entry (JSONSerialization traps on anything else at the top).
            guard let value = value as? [String: Any], let json = try? JSONSerialization.data(withJSONObject: value),
                  let entry = try? RecordJSON.decoder().decode(Entry.self, from: json) else { continue }
            index.entries[path] = entry
        }
        return index
    }

    func write(into tree: inout RecordTree) throws {
        let written = try RecordJSON.encode(Document(artifacts: entries))
        tree.set(RecordJSON.keepingUnknownFields(written, from: original), at: Artifacts.indexPath)
    }
}
