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
    /// Set for a session fetched from another clone (Sharing/): readable here, never changed.
    public var fetched: FetchedSessionName? = nil

    public func agent(_ name: String) -> AgentRecord? { agents.first { $0.name == name } }
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
        if let fetched = FetchedSessionName(id) { return SessionLog(repository: repository, ref: fetched.ref(archived: archived)) }
        return SessionLog(repository: repository, ref: (archived ? Self.archiveNamespace : Self.sessionsNamespace) + id)
    }

    /// The commit the session's record is at now (one ref read, no record read), nil when it is gone.
    public func tip(_ id: String) throws -> OID? {
        try repository.referenceTarget(log(id).ref)
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
                let commit = try log(info.id).create(message: message ?? StartActivity.created(session: info.id, task: info.task),
                                                     files: tree)
                return try snapshot(commit: commit, tree: try log(info.id).tree(at: commit), ref: log(info.id).ref)
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
        // A counter no session could reach (a ref put there by hand) is ignored, so adding one never overflows.
        return ids.compactMap { Int($0.dropFirst(prefix.count + 1)) }.filter { $0 < 10_000_000 }.max() ?? 0
    }

    // MARK: Reading

    public func exists(_ id: String) throws -> Bool {
        SessionID.isReadable(id) ? try repository.referenceTarget(log(id).ref) != nil : false
    }

    /// The session's newest state (an archived session is read from the archive).
    public func load(_ id: String) throws -> SessionSnapshot {
        guard SessionID.isReadable(id) else { throw AgentsError.unknownSession(id) }
        for archived in [false, true] {
            let sessionLog = log(id, archived: archived)
            let current: (tip: OID, tree: RecordTree)?
            do {
                current = try sessionLog.current()
            } catch let error as GitError {
                // The ref points at something that is not a commit (a blob or tree put there by hand).
                throw AgentsError.repository("the session record \(sessionLog.ref) cannot be read: \(error.message)",
                                             hint: "run git agents doctor (it lists unreadable records)")
            }
            if let (tip, tree) = current { return try snapshot(commit: tip, tree: tree, ref: sessionLog.ref) }
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

    /// Session ids, newest first; archived ones too when asked. A ref whose name is not a session id
    /// (`refs/agents/sessions/foo/bar`, put there by hand) is left out: `unreadable` reports it.
    public func allIDs(archived: Bool = false) throws -> [String] {
        Set(try refNames(archived: archived).map(\.id).filter(SessionID.isValid)).sorted(by: Self.newerFirst)
    }

    private func refNames(archived: Bool) throws -> [(ref: String, id: String)] {
        let namespaces = archived ? [Self.sessionsNamespace, Self.archiveNamespace] : [Self.sessionsNamespace]
        return try namespaces.flatMap { namespace in
            try repository.references(matching: namespace + "*").map { ($0.name, String($0.name.dropFirst(namespace.count))) }
        }
    }

    /// Refs under the sessions namespace whose names are not session ids (found without reading any record).
    func foreignRefs() throws -> [UnreadableRecord] {
        try refNames(archived: false).filter { !SessionID.isValid($0.id) }
            .map { UnreadableRecord(ref: $0.ref, problem: "its name is not a session id") }
    }

    /// Every session that can be read, newest first, and the refs under the sessions namespace that cannot
    /// (a foreign ref, a damaged record): one bad ref never hides the good ones.
    public func readAll(archived: Bool = false) throws -> (sessions: [SessionSnapshot], unreadable: [UnreadableRecord]) {
        var sessions: [SessionSnapshot] = [], unreadable: [UnreadableRecord] = []
        var seen = Set<String>()
        for (ref, id) in try refNames(archived: archived) {
            guard SessionID.isValid(id) else {
                unreadable.append(UnreadableRecord(ref: ref, problem: "its name is not a session id"))
                continue
            }
            guard seen.insert(id).inserted else { continue }
            do {
                sessions.append(try load(id))
            } catch {
                unreadable.append(UnreadableRecord(ref: ref, problem: AgentFinisher.brief(error)))
            }
        }
        return (sessions.sorted { Self.newerFirst($0.session.id, $1.session.id) }, unreadable)
    }

    public func isArchived(_ id: String) throws -> Bool {
        guard SessionID.isReadable(id) else { return false }
        return try repository.referenceTarget(log(id).ref) == nil && repository.referenceTarget(log(id, archived: true).ref) != nil
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
        if FetchedSessionName(id) != nil { throw AgentsError.fetchedSession(id) }
        let sessionLog = log(id)
        guard try repository.referenceTarget(sessionLog.ref) != nil else { throw AgentsError.unknownSession(id) }
        let commit = try sessionLog.append { tree in
            let before = try Self.document(from: tree, ref: sessionLog.ref)
            var document = before
            guard let activity = try change(&document) else { return nil }
            var written = document.tree
            try Self.write(document, over: before, into: &written)
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
        return try snapshot(commit: commit, tree: try log(id).tree(at: commit), ref: log(id).ref)
    }

    private func snapshot(commit: OID, tree: RecordTree, ref: String) throws -> SessionSnapshot {
        let documents = try DecodedRecordCache.documents(at: commit) {
            let document = try Self.document(from: tree, ref: ref)
            return (document.session, document.agents)
        }
        let snapshot = SessionSnapshot(commit: commit, session: documents.session,
                                       agents: Self.dependencyOrder(Array(documents.agents.values)), tree: tree)
        return try FetchedSessionName(ref: ref).map { try snapshot.fetched(as: $0, in: repository) } ?? snapshot
    }

    /// Dependencies before dependants; among agents that are ready together, by name.
    public static func dependencyOrder(_ agents: [AgentRecord]) -> [AgentRecord] {
        DependencyGraph.sorted(agents, name: \.name, dependsOn: \.dependsOn)
    }
}
