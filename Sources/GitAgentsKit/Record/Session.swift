// The session record's documents (SPEC §2): `session.json` and `agents/<agent>.json`.
import Foundation
import GitKit

/// The version of the record's documents this binary writes (docs/data-model.md). Version 1 had no
/// `formatVersion`, `title`, `run` or `reason`; readers of any version accept documents of any other.
public enum RecordFormat {
    public static let version = 2
}

public struct SessionInfo: Codable, Equatable, Sendable {
    public var formatVersion: Int
    public var id: String
    public var task: String
    public var createdAt: Date
    /// The commit agents start from.
    public var base: OID
    /// The branch results are merged into.
    public var into: String
    public var strategy: String
    public var maxParallel: Int
    /// State and reason, changed only through the session's transitions.
    public var lifecycle: SessionLifecycle

    public var state: SessionState { lifecycle.state }
    public var reason: String? { lifecycle.reason }

    public init(id: String, task: String, createdAt: Date, base: OID, into: String, strategy: String, maxParallel: Int) {
        formatVersion = RecordFormat.version
        self.id = id
        self.task = task
        self.createdAt = createdAt
        self.base = base
        self.into = into
        self.strategy = strategy
        self.maxParallel = maxParallel
        lifecycle = SessionLifecycle()
    }

    enum CodingKeys: String, CodingKey { case formatVersion, id, task, createdAt, base, into, strategy, maxParallel }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = (try? container.decodeIfPresent(Int.self, forKey: .formatVersion)) ?? 1
        id = try container.decode(String.self, forKey: .id)
        task = (try? container.decodeIfPresent(String.self, forKey: .task)) ?? ""
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        base = try container.decode(OID.self, forKey: .base)
        into = (try? container.decodeIfPresent(String.self, forKey: .into)) ?? ""
        strategy = (try? container.decodeIfPresent(String.self, forKey: .strategy)) ?? ""
        maxParallel = max(1, (try? container.decodeIfPresent(Int.self, forKey: .maxParallel)) ?? 4)
        lifecycle = try SessionLifecycle(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(max(formatVersion, RecordFormat.version), forKey: .formatVersion)
        try container.encode(id, forKey: .id)
        try container.encode(task, forKey: .task)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(base, forKey: .base)
        try container.encode(into, forKey: .into)
        try container.encode(strategy, forKey: .strategy)
        try container.encode(maxParallel, forKey: .maxParallel)
        try lifecycle.encode(to: encoder)
    }
}

public struct DiffStats: Codable, Equatable, Sendable {
    public var files: Int
    public var added: Int
    public var deleted: Int

    public init(files: Int = 0, added: Int = 0, deleted: Int = 0) {
        self.files = files
        self.added = added
        self.deleted = deleted
    }
}

public struct AgentRecord: Codable, Equatable, Sendable {
    public var formatVersion: Int
    public var name: String
    public var role: String
    /// The agent's own assignment in full.
    public var task: String
    /// The assignment at a glance ("Schema design", "Endpoints"): from the plan, or derived from the task.
    public var title: String
    public var dependsOn: [String]
    public var branch: String
    public var worktree: String
    public var base: OID
    public var head: OID
    public var command: [String]
    public var model: String?
    public var stats: DiffStats
    /// Status, run counter, reason, progress, pid and times: changed only through the agent's transitions.
    public var lifecycle: AgentLifecycle

    public var status: AgentStatus { lifecycle.status }
    public var run: Int { lifecycle.run }
    public var reason: String? { lifecycle.reason }
    public var progress: Int { lifecycle.progress }
    public var pid: Int32? { lifecycle.pid }
    public var startedAt: Date? { lifecycle.startedAt }
    public var endedAt: Date? { lifecycle.endedAt }
    public var exitCode: Int32? { lifecycle.exitCode }
    public var review: Review? { lifecycle.review }

    public init(name: String, role: String, task: String, title: String? = nil, dependsOn: [String], branch: String,
                worktree: String, base: OID, head: OID, command: [String] = [], model: String? = nil,
                stats: DiffStats = DiffStats()) {
        formatVersion = RecordFormat.version
        self.name = name
        self.role = role
        self.task = task
        self.title = title ?? AssignmentTitle.derive(from: task)
        self.dependsOn = dependsOn
        self.branch = branch
        self.worktree = worktree
        self.base = base
        self.head = head
        self.command = command
        self.model = model
        self.stats = stats
        lifecycle = AgentLifecycle()
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion, name, role, task, title, dependsOn, branch, worktree, base, head, command, model, stats
    }

    /// Lenient: only what an agent cannot be without (name, branch, worktree, commits) is required.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = (try? container.decodeIfPresent(Int.self, forKey: .formatVersion)) ?? 1
        name = try container.decode(String.self, forKey: .name)
        role = (try? container.decodeIfPresent(String.self, forKey: .role)) ?? name
        task = (try? container.decodeIfPresent(String.self, forKey: .task)) ?? ""
        title = (try? container.decodeIfPresent(String.self, forKey: .title)) ?? AssignmentTitle.derive(from: task)
        dependsOn = (try? container.decodeIfPresent([String].self, forKey: .dependsOn)) ?? []
        branch = try container.decode(String.self, forKey: .branch)
        worktree = try container.decode(String.self, forKey: .worktree)
        base = try container.decode(OID.self, forKey: .base)
        head = try container.decode(OID.self, forKey: .head)
        command = (try? container.decodeIfPresent([String].self, forKey: .command)) ?? []
        model = try? container.decodeIfPresent(String.self, forKey: .model)
        stats = (try? container.decodeIfPresent(DiffStats.self, forKey: .stats)) ?? DiffStats()
        lifecycle = try AgentLifecycle(from: decoder)
    }

    // Optional fields are written as `null`, never left out, so every document has the same keys.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(max(formatVersion, RecordFormat.version), forKey: .formatVersion)
        try container.encode(name, forKey: .name)
        try container.encode(role, forKey: .role)
        try container.encode(task, forKey: .task)
        try container.encode(title, forKey: .title)
        try container.encode(dependsOn, forKey: .dependsOn)
        try container.encode(branch, forKey: .branch)
        try container.encode(worktree, forKey: .worktree)
        try container.encode(base, forKey: .base)
        try container.encode(head, forKey: .head)
        try container.encode(command, forKey: .command)
        try container.encode(model, forKey: .model)
        try container.encode(stats, forKey: .stats)
        try lifecycle.encode(to: encoder)
    }
}

/// The record's JSON: sorted keys (stable across runs and machines), ISO-8601 UTC times.
public enum RecordJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = RecordTime.encodingStrategy
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = RecordTime.decodingStrategy
        return decoder
    }

    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        var data = try encoder().encode(value)
        data.append(0x0A)
        return data
    }

    /// `written`, plus the fields of `original` that it lacks: a newer version's fields survive an update
    /// made by this one.
    static func keepingUnknownFields(_ written: Data, from original: Data?) -> Data {
        guard let original,
              let old = try? JSONSerialization.jsonObject(with: original) as? [String: Any],
              let new = try? JSONSerialization.jsonObject(with: written) as? [String: Any] else { return written }
        // Known fields take the written value; objects inside them (`stats`, say) keep their unknown fields too.
        func merge(_ new: [String: Any], keeping old: [String: Any]) -> (merged: [String: Any], kept: Bool) {
            var merged = new, kept = false
            for (key, value) in old {
                if let mine = new[key] {
                    if let mine = mine as? [String: Any], let theirs = value as? [String: Any] {
                        let inner = merge(mine, keeping: theirs)
                        merged[key] = inner.merged
                        kept = kept || inner.kept
                    }
                } else {
                    merged[key] = value
                    kept = true
                }
            }
            return (merged, kept)
        }
        let (mergedObject, kept) = merge(new, keeping: old)
        guard kept else { return written }
        guard var merged = try? JSONSerialization.data(withJSONObject: mergedObject,
                                                       options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return written }
        merged.append(0x0A)
        return merged
    }

    /// A decoding error in a few words: which field, and what was wrong with it.
    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "has no \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "is not a JSON object" : "has a bad \"\(path)\""
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "is not valid JSON"
                : "has a bad \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        default: return "cannot be decoded"
        }
    }
}
