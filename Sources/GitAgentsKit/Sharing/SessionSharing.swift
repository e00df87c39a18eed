// `git agents push` / `fetch`: session records, their agents' work and the provenance notes shared through a
// remote. Each clone pushes under its own name, so two clones' same-day ids never collide (docs/data-model.md).
import Foundation
import GitKit

/// What a push or fetch did, for the person who ran it.
public struct SharingReport: Sendable, Encodable {
    public let remote: String
    /// This clone's name on the remote (`agents.cloneName`).
    public let clone: String
    /// Push: this clone's sessions now on the remote. Fetch: the other clones' sessions that arrived or changed.
    public let sessions: [String]
    /// Push: whether `refs/notes/agents` was pushed (there were notes). Fetch: whether the remote had notes.
    public var notes = false
    /// True when the notes of both sides had to be merged (each had notes the other had not).
    public let notesMerged: Bool
    /// Push: this clone's records this version cannot read, so not pushed (for a warning; not in --json).
    public var unpushed: [UnreadableRecord] = []

    enum CodingKeys: String, CodingKey { case remote, clone, sessions, notes, notesMerged }
}

public struct SessionSharing {
    let workspace: Workspace
    let remote: RemoteInfo
    let clone: String
    private var repository: Repository { workspace.repository }

    /// Sharing with `remoteName`, else the current branch's upstream remote, else `origin`.
    public init(_ workspace: Workspace, remote remoteName: String?) throws {
        self.workspace = workspace
        let name = try remoteName ?? Self.defaultRemote(workspace.repository)
        guard SharedRefs.isComponent(name) else {
            throw AgentsError.usage("'\(name)' cannot name a remote for sessions (letters, digits, '.', '_', '-' only)",
                                    hint: "add it under a simple name: git remote add NAME URL")
        }
        guard let remote = try workspace.repository.remote(named: name) else {
            throw AgentsError.usage("no remote named '\(name)' in this repository",
                                    hint: "see git remote -v, or add one: git remote add \(name) URL")
        }
        self.remote = remote
        clone = try Self.cloneName(workspace.repository, create: true)!
    }

    static func defaultRemote(_ repository: Repository) throws -> String {
        // "." is git's spelling for an upstream in this same repository: not a remote.
        if let branch = try repository.headBranch(), branch.hasPrefix("refs/heads/"),
           let upstream = try repository.config().string("branch.\(branch.dropFirst("refs/heads/".count)).remote"),
           upstream != "." {
            return upstream
        }
        guard try repository.remote(named: "origin") != nil else {
            throw AgentsError.usage("no remote to share sessions with: the current branch has no upstream and there is no 'origin'",
                                    hint: "name one: git agents push REMOTE (see git remote -v)")
        }
        return "origin"
    }

    /// This clone's name on remotes: `agents.cloneName` in the repository's own config, made once (user and four
    /// random hex digits, e.g. `alice-3f2a`) when `create` and there is none.
    public static func cloneName(_ repository: Repository, create: Bool) throws -> String? {
        let config = try repository.localConfig()
        if let name = try config.string("agents.cloneName") {
            guard SharedRefs.isComponent(name) else {
                throw AgentsError.usage("agents.cloneName is '\(name)', which cannot be part of a ref name",
                                        hint: "use letters, digits, '.', '_', '-': git config agents.cloneName NAME")
            }
            return name
        }
        guard create else { return nil }
        let all = try repository.config()
        let who = try all.string("user.email").map { String($0.prefix { $0 != "@" }) } ?? all.string("user.name")
            ?? ProcessInfo.processInfo.environment["USER"] ?? "clone"
        let user = String(who.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            .drop { !$0.isLetter && !$0.isNumber }.prefix(16))
        let name = "\(user.isEmpty ? "clone" : user)-\(String(format: "%04x", UInt16.random(in: .min ... .max)))"
        try config.set("agents.cloneName", to: name)
        return name
    }

    // MARK: Fetch

    /// Fetches every clone's sessions from the remote into `refs/agents/remotes/<remote>/`, and merges the
    /// remote's notes into ours (nothing of either side is lost).
    public func fetch() throws -> SharingReport {
        let tracking = SharedRefs.tracking(remote.name)
        // Also before: a clone that fetched such a ref with an older git-agents could not fetch from that remote again.
        _ = try dropNonCommits()
        let before = try trackedSessions()
        try transfer("fetch from") {
            try repository.fetch(from: remote.name, refspecs: ["+\(SharedRefs.clones)*:\(tracking)clones/*",
                                                               "+\(SharedRefs.localNotes):\(SharedRefs.notes(remote.name))"],
                                  credentials: GitCredentialHelper(workspace))
        }
        if try dropNonCommits().contains(SharedRefs.notes(remote.name)) {
            throw AgentsError.failed("\(remote.name)'s refs/notes/agents is not a commit of notes, so it was not merged: refs/notes/agents is untouched",
                                     hint: "the remote's refs/notes/agents is damaged: push good notes there from a clone that has them")
        }
        let merged = try NotesMerge(repository: repository).merge(SharedRefs.notes(remote.name), into: SharedRefs.localNotes)
        let after = try trackedSessions()
        let changed = after.filter { before[$0.key] != $0.value }.keys
            .compactMap { FetchedSessionName(ref: $0) }.filter { $0.clone != clone }.map(\.text)
        var report = SharingReport(remote: remote.name, clone: clone, sessions: Set(changed).sorted(), notesMerged: merged)
        report.notes = try repository.referenceTarget(SharedRefs.notes(remote.name)) != nil
        return report
    }

    /// What the remote holds where a commit belongs (a record, an agent's tip, the notes) but is none is not
    /// kept: libgit2 cannot fetch again into a ref whose old value is no commit ("object is not a committish"),
    /// so one such ref on a shared remote would stop every later fetch and push. Returns the refs dropped.
    private func dropNonCommits() throws -> [String] {
        var dropped: [String] = []
        for ref in try repository.references(matching: SharedRefs.tracking(remote.name) + "*")
        where (try? repository.commit(ref.target)) == nil {
            try repository.deleteReference(ref.name, expected: ref.target)
            dropped.append(ref.name)
        }
        return dropped
    }

    private func trackedSessions() throws -> [String: OID] {
        Dictionary(try repository.references(matching: SharedRefs.tracking(remote.name) + "clones/*")
            .filter { FetchedSessionName(ref: $0.name) != nil }.map { ($0.name, $0.target) }) { first, _ in first }
    }

    // MARK: Push

    /// Pushes this clone's sessions (live and archived), its agents' branch tips and the notes (merged with the
    /// remote's first). Record refs only ever fast-forward: a remote record this clone does not have is refused.
    public func push() throws -> SharingReport {
        // Fetching first merges the remote's notes into ours, so pushing ours is a fast-forward.
        let fetched = try fetch()
        let store = SessionStore(repository: repository)
        let ours = SharedRefs.clones + clone + "/"
        var refspecs: [String] = [], sessions: [String] = [], retired: [String] = []
        let records = try store.readAll(archived: true)
        for snapshot in records.sessions {
            let id = snapshot.session.id
            let archived = try store.isArchived(id)
            let local = (archived ? SessionStore.archiveNamespace : SessionStore.sessionsNamespace) + id
            try refuseOverwriting(FetchedSessionName(remote: remote.name, clone: clone, id: id).ref(archived: archived),
                                  with: local, session: id)
            refspecs.append("\(local):\(ours)\(archived ? "archive" : "sessions")/\(id)")
            sessions.append(id)
            // The agents' work, so that another clone can diff and review it: copies of our own branches in our
            // own namespace, forced as remote-tracking branches are (restart --fresh moves a branch back).
            for agent in snapshot.agents where try repository.referenceTarget("refs/heads/" + agent.branch) != nil {
                refspecs.append("+refs/heads/\(agent.branch):\(ours)heads/\(id)/\(agent.name)")
            }
            // An archived session's live ref on the remote goes, once the archive holds everything it had.
            let live = FetchedSessionName(remote: remote.name, clone: clone, id: id).ref(archived: false)
            if archived, let there = try repository.referenceTarget(live), let tip = try repository.referenceTarget(local),
               try repository.isAncestor(there, of: tip) {
                refspecs.append(":\(ours)sessions/\(id)")
                retired.append(live)
            }
        }
        let notes = try repository.referenceTarget(SharedRefs.localNotes) != nil
        if notes { refspecs.append("\(SharedRefs.localNotes):\(SharedRefs.localNotes)") }
        guard !refspecs.isEmpty else {
            var report = SharingReport(remote: remote.name, clone: clone, sessions: [], notesMerged: fetched.notesMerged)
            report.unpushed = records.unreadable
            return report
        }
        try transfer("push to") {
            try repository.push(to: remote.name, refspecs: refspecs, credentials: GitCredentialHelper(workspace))
        }
        // What we pushed is what the remote now holds: the next fetch would say the same.
        for ref in retired {
            if let tip = try repository.referenceTarget(ref) { try? repository.deleteReference(ref, expected: tip) }
        }
        var report = SharingReport(remote: remote.name, clone: clone, sessions: sessions, notesMerged: fetched.notesMerged)
        report.notes = notes
        report.unpushed = records.unreadable
        return report
    }

    /// Says which record a push would overwrite, before libgit2 refuses the whole push without naming it: the
    /// remote's copy (as just fetched) must be ours or an ancestor of ours.
    private func refuseOverwriting(_ tracked: String, with local: String, session id: String) throws {
        guard let there = try repository.referenceTarget(tracked), let here = try repository.referenceTarget(local),
              there != here, try !repository.isAncestor(there, of: here) else { return }
        throw AgentsError.failed("\(remote.name) holds another record of session \(id) under this clone's name '\(clone)': pushing it would overwrite that one (not a fast-forward), so nothing was pushed",
                                 hint: "another clone pushes as '\(clone)' (a copied .git/config?): give this one its own name with git config agents.cloneName NAME, then push again")
    }

    /// Runs a transfer, saying what went wrong in a person's words.
    private func transfer(_ verb: String, _ body: () throws -> Void) throws {
        let url = verb == "push to" ? remote.pushDestination : remote.url
        do {
            // Another fetch or push of this clone holds a ref lock for a moment (git would fail; we wait). libgit2's
            // fetch reports a taken ref lock as a plain error, known only by its message.
            for attempt in 1... {
                do {
                    try body()
                    break
                } catch let error as GitError where attempt < 50 && (error.code == .locked || error.message.hasPrefix("failed to lock file")) {
                    usleep(UInt32.random(in: 20_000...100_000))
                }
            }
        } catch PushFailure.credentialsNeeded(let url) {
            throw AgentsError.failed("\(remote.name) (\(url)) needs credentials that neither the ssh agent nor git's credential helpers give",
                                     hint: "check that plain git can \(verb == "push to" ? "push" : "fetch") without asking (git credential fill, ssh-add), then try again")
        } catch PushFailure.rejected(let reference, let reason) {
            throw AgentsError.failed("\(remote.name) refused \(reference): \(reason)",
                                     hint: "someone pushed meanwhile: run the command again")
        } catch let error as GitError where RemoteInfo.isMissingFolder(url) {
            throw AgentsError.failed("cannot \(verb) \(remote.name): \(url) does not exist (\(error.message))",
                                     hint: "fix the remote's url: git remote set-url \(remote.name) URL")
        } catch let error as GitError {
            throw AgentsError.failed("cannot \(verb) \(remote.name) (\(url)): \(error.message)",
                                     hint: "check that git \(verb == "push to" ? "push" : "fetch") \(remote.name) works, then try again")
        }
    }
}
