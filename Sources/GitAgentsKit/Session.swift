// The session record's documents (SPEC §2): `session.json` and `agents/<agent>.json`.
import Foundation
import GitKit

public enum SessionState: String, Codable, Sendable, CaseIterable {
    case planning, running, done, failed, merged, cleaned
}

public struct SessionInfo: Codable, Equatable, Sendable {
    public var id: String
    public var task: String
    public var createdAt: Date
    /// The commit agents start from.
    public var base: OID
    /// The branch results are merged into.
    public var into: String
    public var strategy: String
    public var maxParallel: Int
    public var state: SessionState

    public init(id: String, task: String, createdAt: Date, base: OID, into: String,
                strategy: String, maxParallel: Int, state: SessionState) {
        self.id = id
        self.task = task
        self.createdAt = createdAt
        self.base = base
        self.into = into
        self.strategy = strategy
        self.maxParallel = maxParallel
        self.state = state
    }
}

public enum AgentStatus: String, Codable, Sendable, CaseIterable {
    case waiting, running, done, failed, stopped, rejected, merged

    /// The agent will not change by itself any more.
    public var isFinal: Bool { self != .waiting && self != .running }

    /// Its work counts: dependants may start from it, the session may succeed.
    public var isSuccess: Bool { self == .done || self == .merged }
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
    public var name: String
    public var role: String
    public var task: String
    public var dependsOn: [String]
    public var branch: String
    public var worktree: String
    public var base: OID
    public var head: OID
    public var status: AgentStatus
    public var progress: Int
    public var pid: Int32?
    public var startedAt: Date?
    public var endedAt: Date?
    public var exitCode: Int32?
    public var command: [String]
    public var model: String?
    public var stats: DiffStats

    public init(name: String, role: String, task: String, dependsOn: [String], branch: String, worktree: String,
                base: OID, head: OID, status: AgentStatus = .waiting, progress: Int = 0, pid: Int32? = nil,
                startedAt: Date? = nil, endedAt: Date? = nil, exitCode: Int32? = nil, command: [String] = [],
                model: String? = nil, stats: DiffStats = DiffStats()) {
        self.name = name
        self.role = role
        self.task = task
        self.dependsOn = dependsOn
        self.branch = branch
        self.worktree = worktree
        self.base = base
        self.head = head
        self.status = status
        self.progress = progress
        self.pid = pid
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.exitCode = exitCode
        self.command = command
        self.model = model
        self.stats = stats
    }

    // Optional fields are written as `null`, never left out, so every document has the same keys.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(role, forKey: .role)
        try container.encode(task, forKey: .task)
        try container.encode(dependsOn, forKey: .dependsOn)
        try container.encode(branch, forKey: .branch)
        try container.encode(worktree, forKey: .worktree)
        try container.encode(base, forKey: .base)
        try container.encode(head, forKey: .head)
        try container.encode(status, forKey: .status)
        try container.encode(progress, forKey: .progress)
        try container.encode(pid, forKey: .pid)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(endedAt, forKey: .endedAt)
        try container.encode(exitCode, forKey: .exitCode)
        try container.encode(command, forKey: .command)
        try container.encode(model, forKey: .model)
        try container.encode(stats, forKey: .stats)
    }
}

/// The record's JSON: sorted keys (stable across runs and machines), ISO-8601 UTC times.
public enum RecordJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        var data = try encoder().encode(value)
        data.append(0x0A)
        return data
    }
}
