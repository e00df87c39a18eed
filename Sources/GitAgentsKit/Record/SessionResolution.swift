// Which session a command means (SPEC §1): `--session ID` (or the seed's `session-ID`), else the session of
// the agent worktree you stand in, else the newest session not cleaned up. Unreadable records are skipped.
import Foundation
import GitKit

/// Session ids are `YYYYMMDD-NNN` (the counter may outgrow three digits).
public enum SessionID {
    public static func isValid(_ id: String) -> Bool {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0].count == 8 && parts[1].count >= 3
            && parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// A local id, or a session fetched from another clone (`origin/alice-3f2a/20261130-001`).
    public static func isReadable(_ id: String) -> Bool { isValid(id) || FetchedSessionName(id) != nil }

    /// The id a person typed, in either spelling; nil when it cannot be a session id.
    public static func normalized(_ text: String) -> String? {
        let id = text.hasPrefix("session-") ? String(text.dropFirst("session-".count)) : text
        return isValid(id) ? id : nil
    }
}

/// A ref under `refs/agents/` that is not a session this version can read.
public struct UnreadableRecord: Sendable, Equatable, Encodable {
    public let ref: String
    public let problem: String
}

/// The session a command acts on, and the records skipped on the way (for one warning).
public struct SessionChoice: Sendable {
    public let id: String
    public let skipped: [UnreadableRecord]

    /// One line for stderr about the skipped records, nil when there were none.
    public var warning: String? { Self.warning(skipping: skipped) }

    public static func warning(skipping skipped: [UnreadableRecord]) -> String? {
        guard !skipped.isEmpty else { return nil }
        let refs = skipped.map(\.ref).joined(separator: ", ")
        return "skipped \(skipped.count == 1 ? "an unreadable session record" : "\(skipped.count) unreadable session records"): \(refs) (see git agents doctor)"
    }
}

extension SessionStore {
    /// The session a command means. `worktreeRoot` is the worktree the command runs in: when it is an agent's,
    /// that agent's session is meant.
    public func choose(_ requested: String?, worktreeRoot: String? = nil) throws -> SessionChoice {
        if let requested {
            if requested.contains("/") { return SessionChoice(id: try fetchedSession(named: requested), skipped: []) }
            guard let id = SessionID.normalized(requested), try exists(id) || isArchived(id) else {
                throw AgentsError.unknownSession(requested)
            }
            return SessionChoice(id: id, skipped: [])
        }
        // Only an agent's worktree (a linked one) can belong to a session: the main worktree needs no search.
        if let worktreeRoot, Self.canonical(worktreeRoot) != Self.canonical(mainWorktreeRoot) {
            let (sessions, unreadable) = try readAll()
            if let owner = Self.session(owning: worktreeRoot, among: sessions) {
                return SessionChoice(id: owner, skipped: unreadable)
            }
        }
        // Newest first, reading only as far as the first readable session not cleaned up (status is called
        // often, and a repository may hold many sessions).
        var skipped = try foreignRefs()
        for id in try allIDs() {
            do {
                if try load(id).session.state != .cleaned { return SessionChoice(id: id, skipped: skipped) }
            } catch {
                skipped.append(UnreadableRecord(ref: Self.sessionsNamespace + id, problem: AgentFinisher.brief(error)))
            }
        }
        if let warning = SessionChoice.warning(skipping: skipped) {
            throw AgentsError.usage("no readable session in this repository; \(warning)")
        }
        throw AgentsError.noSession()
    }

    /// The main worktree's folder (the common git dir's parent), for telling it from agents' worktrees.
    private var mainWorktreeRoot: String {
        let common = URL(fileURLWithPath: repository.commonDir)
        return common.lastPathComponent == ".git" ? common.deletingLastPathComponent().path : common.path
    }

    /// The session and agent whose worktree is `worktreeRoot`, newest session first.
    public func agent(owning worktreeRoot: String) throws -> (session: String, agent: String)? {
        let here = Self.canonical(worktreeRoot)
        for snapshot in try readAll().sessions {
            if let agent = snapshot.agents.first(where: { Self.canonical($0.worktree) == here }) {
                return (snapshot.session.id, agent.name)
            }
        }
        return nil
    }

    private static func session(owning worktreeRoot: String, among sessions: [SessionSnapshot]) -> String? {
        let here = canonical(worktreeRoot)
        return sessions.first { $0.agents.contains { canonical($0.worktree) == here } }?.session.id
    }

    /// A folder's path with `.`, `..` and symbolic links resolved, so two spellings of one folder compare equal.
    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
