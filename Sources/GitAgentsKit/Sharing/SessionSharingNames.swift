// Where shared sessions live (docs/data-model.md, "Sharing sessions"): under each clone's own name on the remote,
// and beside the local ones after a fetch, as git keeps `origin/main` beside `main`.
import Foundation
import GitKit

/// The ref namespaces of sharing.
public enum SharedRefs {
    /// On the remote: `refs/agents/clones/<clone>/{sessions,archive}/<id>` and `…/heads/<id>/<agent>`.
    static let clones = "refs/agents/clones/"
    /// Locally, what a fetch from `remote` brought: the remote's `refs/agents/clones/*` under `…/clones/`.
    static func tracking(_ remote: String) -> String { "refs/agents/remotes/\(remote)/" }
    /// Locally, the remote's `refs/notes/agents` as last fetched (merged into ours right after).
    static func notes(_ remote: String) -> String { tracking(remote) + "notes" }
    static let localNotes = "refs/notes/agents"

    /// A remote or clone name usable as one ref component: letters, digits, `.`, `_`, `-`, not starting with
    /// `.` or `-`, not ending in `.lock`.
    static func isComponent(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first.isNumber, !name.hasSuffix(".lock"),
              !name.contains("..") else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}

/// A session fetched from another clone, named `<remote>/<clone>/<id>` (e.g. `origin/alice-3f2a/20261130-001`).
public struct FetchedSessionName: Hashable, Sendable {
    public let remote: String
    public let clone: String
    public let id: String

    init(remote: String, clone: String, id: String) {
        (self.remote, self.clone, self.id) = (remote, clone, id)
    }

    /// The name a person typed or a command passed on, nil when it is not `<remote>/<clone>/<id>`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, SharedRefs.isComponent(parts[0]), SharedRefs.isComponent(parts[1]),
              let id = SessionID.normalized(parts[2]) else { return nil }
        self.init(remote: parts[0], clone: parts[1], id: id)
    }

    /// The name of a fetched record ref (`refs/agents/remotes/<remote>/clones/<clone>/sessions/<id>` or archive).
    init?(ref: String) {
        let parts = ref.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 8, parts[0...2] == ["refs", "agents", "remotes"], parts[4] == "clones",
              ["sessions", "archive"].contains(parts[6]) else { return nil }
        self.init("\(parts[3])/\(parts[5])/\(parts[7])")
    }

    public var text: String { "\(remote)/\(clone)/\(id)" }

    private var prefix: String { SharedRefs.tracking(remote) + "clones/\(clone)/" }

    func ref(archived: Bool) -> String { prefix + (archived ? "archive/" : "sessions/") + id }

    /// Where the fetch put the agent's branch tip as the other clone pushed it.
    func headRef(agent: String) -> String { prefix + "heads/\(id)/\(agent)" }
}

extension FetchedSessionName {
    /// Watching a fetched session (`logs --follow`, `status --watch`) would wait for changes that reach this
    /// clone only with the next fetch: refused before anything is printed.
    public static func refuseWatching(_ id: String, flag: String) throws {
        guard let name = FetchedSessionName(id) else { return }
        throw AgentsError.usage("session \(id) is a copy fetched from \(name.remote): it changes here only with git agents fetch, so \(flag) would wait forever",
                                hint: "run it without \(flag), or in the clone that started it")
    }
}

extension AgentsError {
    /// Commands that change a session refuse one fetched from another clone.
    public static func fetchedSession(_ name: String) -> AgentsError {
        let remote = FetchedSessionName(name)?.remote ?? "a remote"
        return .usage("session \(name) was fetched from \(remote): it can be read here but changed only in the clone that started it",
                      hint: "read it with git agents status|logs|review|diff|conflicts|inbox --session \(name)")
    }
}

extension SessionSnapshot {
    /// The session fetched from another clone as this clone reads it: under its full name, each agent's work
    /// at the tip its clone pushed (its branch is not ours: a local branch of the same name belongs to a local
    /// session with the same id).
    /// Another clone's record is untrusted input: an agent name that could not come from a plan (it would name
    /// a path or ref outside the session's) makes the whole record unreadable.
    func fetched(as name: FetchedSessionName, in repository: Repository) throws -> SessionSnapshot {
        if let bad = agents.first(where: { !AgentName.isValid($0.name) }) {
            throw AgentsError.repository("the fetched session \(name.text) has an agent named '\(bad.name)', which no plan can make",
                                         hint: "ask whoever pushes under '\(name.clone)' to \(name.remote) what wrote it")
        }
        var session = self.session
        session.id = name.text
        let agents = try self.agents.map { agent in
            var agent = agent
            if let tip = try repository.referenceTarget(name.headRef(agent: agent.name)) { agent.head = tip }
            agent.branch = "\(name.remote)/\(name.clone)/\(agent.branch)"
            return agent
        }
        return SessionSnapshot(commit: commit, session: session, agents: agents, tree: tree, fetched: name)
    }

    /// The tip of the agent's work: its branch here, or for a fetched session what its clone pushed.
    public func branchTip(of agent: AgentRecord, in repository: Repository) throws -> OID? {
        try repository.referenceTarget(fetched.map { $0.headRef(agent: agent.name) } ?? "refs/heads/" + agent.branch)
    }
}
