// Sessions as records under refs/agents/sessions/<id>: create, read, update, list, history, archive.
import Foundation
import GitKit

/// One state of a session: its documents as of one commit of the record.
public struct SessionSnapshot {
    public let commit: OID
    public let session: SessionInfo
    /// Agents in dependency order (ties by name), the order a person reads them in.
    public let agents: [AgentRecord]
    public let tree: RecordTree

    public func agent(_ name: String) -> AgentRecord? { agents.first { $0.name == name } }
}

/// A session's documents while a change is applied to them.
public struct SessionDocument {
    public var session: SessionInfo
    public var agents: [String: AgentRecord]
    /// Logs, artifacts and anything else the record holds besides the JSON documents.
    public var tree: RecordTree
}

/// One line of a session's activity history: a commit of its record.
public struct ActivityEntry: Sendable, Equatable, Codable {
    public let time: Date
    public let message: String
    public let commit: OID
}

public struct SessionStore {
    public static let sessionsNamespace = "refs/agents/sessions/"
    public static let archiveNamespace = "refs/agents/archive/"

    let repository: Repository

    public init(repository: Repository) { self.repository = repository }

    func log(_ id: String, archived: Bool = false) -> SessionLog {
        SessionLog(repository: repository, ref: (archived ? Self.archiveNamespace : Self.sessionsNamespace) + id)
    }

    // MARK: Creating

    /// Creates a session under a fresh id `YYYYMMDD-NNN`; two processes creating at once get different ids
    /// because the ref is created only if it does not exist yet.
    public func create(_ session: SessionInfo, agents: [AgentRecord], files: [String: Data] = [:],
                       message: String? = nil, day: Date = Date()) throws -> SessionSnapshot {
        let prefix = Self.dayPrefix(day)
        var counter = try highestCounter(forDay: prefix)
        while true {
            counter += 1
            var info = session
            info.id = String(format: "%@-%03d", prefix, counter)
            var tree = RecordTree(repository: repository)
            try Self.write(info, agents: agents, into: &tree)
            for (path, data) in files { tree.set(data, at: path) }
            do {
                let commit = try log(info.id).create(message: message ?? "session \(info.id) created: \(info.task)",
                                                     files: tree)
                return try snapshot(commit: commit, tree: try log(info.id).tree(at: commit))
            } catch let error as GitError where error.code == .exists || error.code == .modified || error.code == .locked {
                continue
            }
        }
    }

    static func dayPrefix(_ day: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd"
        return formatter.string(from: day)
    }

    private func highestCounter(forDay prefix: String) throws -> Int {
        let ids = try allIDs(archived: true).filter { $0.hasPrefix(prefix + "-") }
        return ids.compactMap { Int($0.dropFirst(prefix.count + 1)) }.max() ?? 0
    }

    // MARK: Reading

    public func exists(_ id: String) throws -> Bool { try repository.referenceTarget(log(id).ref) != nil }

    /// The session's newest state (an archived session is read from the archive).
    public func load(_ id: String) throws -> SessionSnapshot {
        for archived in [false, true] {
            if let (tip, tree) = try log(id, archived: archived).current() {
                return try snapshot(commit: tip, tree: tree)
            }
        }
        throw AgentsError.unknownSession(id)
    }

    /// Every state change, newest first (`git log refs/agents/sessions/<id>`).
    public func history(_ id: String, limit: Int = .max) throws -> [ActivityEntry] {
        let tip = try repository.referenceTarget(log(id).ref) ?? repository.referenceTarget(log(id, archived: true).ref)
        guard let tip else { throw AgentsError.unknownSession(id) }
        // First parents only: a further parent is an agent's old head kept reachable, not activity.
        return try repository.history(from: tip, limit: limit, firstParentOnly: true).map {
            ActivityEntry(time: $0.time, message: $0.message.trimmingCharacters(in: .whitespacesAndNewlines), commit: $0.id)
        }
    }

    /// Session ids, newest first; archived ones too when asked.
    public func allIDs(archived: Bool = false) throws -> [String] {
        var ids = try repository.references(matching: Self.sessionsNamespace + "*")
            .map { String($0.name.dropFirst(Self.sessionsNamespace.count)) }
        if archived {
            ids += try repository.references(matching: Self.archiveNamespace + "*")
                .map { String($0.name.dropFirst(Self.archiveNamespace.count)) }
        }
        return Set(ids).sorted(by: Self.newerFirst)
    }

    public func isArchived(_ id: String) throws -> Bool {
        try repository.referenceTarget(log(id).ref) == nil && repository.referenceTarget(log(id, archived: true).ref) != nil
    }

    /// Orders `YYYYMMDD-NNN` ids newest first, comparing the counter as a number (it may outgrow 3 digits).
    static func newerFirst(_ a: String, _ b: String) -> Bool {
        let (dayA, numberA) = split(a), (dayB, numberB) = split(b)
        return dayA != dayB ? dayA > dayB : numberA > numberB
    }

    private static func split(_ id: String) -> (String, Int) {
        let parts = id.split(separator: "-", maxSplits: 1)
        return (String(parts.first ?? ""), parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
    }

    /// The session a command means: `--session ID`, else the newest one not cleaned up.
    public func resolve(_ requested: String?) throws -> String {
        if let requested {
            guard try exists(requested) || isArchived(requested) else { throw AgentsError.unknownSession(requested) }
            return requested
        }
        for id in try allIDs() where try load(id).session.state != .cleaned { return id }
        throw AgentsError.noSession()
    }

    // MARK: Updating

    /// Applies `change` to the newest state and records it as one commit with `activity` as its message.
    /// `change` may run more than once (after a lost race): it must only edit the document.
    @discardableResult
    public func update(_ id: String, activity: String,
                       _ change: (inout SessionDocument) throws -> Void) throws -> SessionSnapshot {
        try update(id) { document in
            try change(&document)
            return activity
        }
    }

    /// Like `update(_:activity:_:)`, with the activity line decided by the change; nil writes nothing.
    @discardableResult
    public func update(_ id: String, _ change: (inout SessionDocument) throws -> String?) throws -> SessionSnapshot {
        let sessionLog = log(id)
        guard try repository.referenceTarget(sessionLog.ref) != nil else { throw AgentsError.unknownSession(id) }
        let commit = try sessionLog.append { tree in
            var document = try Self.document(from: tree)
            guard let activity = try change(&document) else { return nil }
            var written = document.tree
            try Self.write(document.session, agents: Array(document.agents.values), into: &written)
            for path in written.paths where path.hasPrefix("agents/") && path.hasSuffix(".json") {
                let name = String(path.dropFirst("agents/".count).dropLast(".json".count))
                if document.agents[name] == nil { written.remove(path) }
            }
            tree = written
            return activity
        }
        return try load(id, at: commit)
    }

    /// Removes a session that never got going (a failed `start`), leaving no trace.
    func delete(_ id: String) throws {
        let ref = log(id).ref
        if let tip = try repository.referenceTarget(ref) { try repository.deleteReference(ref, expected: tip) }
    }

    /// Moves the record to `refs/agents/archive/<id>` (after cleanup); its history stays readable.
    public func archive(_ id: String) throws {
        let sessionLog = log(id), archive = log(id, archived: true)
        while let tip = try repository.referenceTarget(sessionLog.ref) {
            let archived = try repository.referenceTarget(archive.ref)
            try repository.updateReference(archive.ref, to: tip, expected: archived, message: "git-agents: archive \(id)")
            do {
                try repository.deleteReference(sessionLog.ref, expected: tip)
                return
            } catch let error as GitError where error.code == .modified || error.code == .locked {
                continue // a last update landed meanwhile: archive that one too
            }
        }
    }

    // MARK: Documents in trees

    private func load(_ id: String, at commit: OID?) throws -> SessionSnapshot {
        guard let commit else { return try load(id) }
        return try snapshot(commit: commit, tree: try log(id).tree(at: commit))
    }

    private func snapshot(commit: OID, tree: RecordTree) throws -> SessionSnapshot {
        let document = try Self.document(from: tree)
        return SessionSnapshot(commit: commit, session: document.session,
                               agents: Self.dependencyOrder(Array(document.agents.values)), tree: tree)
    }

    static func document(from tree: RecordTree) throws -> SessionDocument {
        let decoder = RecordJSON.decoder()
        guard let sessionData = try tree.data(at: "session.json") else {
            throw AgentsError.repository("a session record has no session.json", hint: "run: git agents doctor")
        }
        let session = try decoder.decode(SessionInfo.self, from: sessionData)
        var agents: [String: AgentRecord] = [:]
        for path in tree.paths where path.hasPrefix("agents/") && path.hasSuffix(".json") {
            if let data = try tree.data(at: path) {
                let agent = try decoder.decode(AgentRecord.self, from: data)
                agents[agent.name] = agent
            }
        }
        return SessionDocument(session: session, agents: agents, tree: tree)
    }

    static func write(_ session: SessionInfo, agents: [AgentRecord], into tree: inout RecordTree) throws {
        tree.set(try RecordJSON.encode(session), at: "session.json")
        for agent in agents { tree.set(try RecordJSON.encode(agent), at: "agents/\(agent.name).json") }
    }

    /// Dependencies before dependants; among agents that are ready together, by name.
    public static func dependencyOrder(_ agents: [AgentRecord]) -> [AgentRecord] {
        DependencyGraph.sorted(agents, name: \.name, dependsOn: \.dependsOn)
    }
}
