// `git agents resolve` (issue #8): an agent's conflicted merge with the target opened for a person in a
// resolution worktree (a temporary branch at the agent's head, `git merge <target>` left open there), then
// recorded as a merge commit on the agent's branch (--continue) or thrown away (--abort).
import Foundation
import GitKit

/// A resolution worktree just opened.
public struct OpenedResolution: Sendable {
    public let agent: String
    public let path: String
    public let target: String
    /// The target's tip that was merged.
    public let targetTip: OID
    /// Paths with conflict stages, sorted.
    public let conflicted: [String]
}

/// What --continue recorded.
public struct FinishedResolution: Sendable {
    public let agent: String
    public let branch: String
    public let target: String
    public let commit: OID
    /// The agent's worktree that was updated to the new head, nil when none has its branch checked out.
    public let agentWorktree: String?
    /// The resolution worktree, now removed.
    public let removed: String
}

public struct Resolution {
    let workspace: Workspace
    let sessionID: String
    var store: SessionStore { SessionStore(repository: workspace.repository) }
    var repository: Repository { workspace.repository }

    public init(workspace: Workspace, sessionID: String) {
        self.workspace = workspace
        self.sessionID = sessionID
    }

    /// The temporary branch the resolution worktree has checked out.
    func branch(of agent: String) -> String { "agents/\(sessionID)/resolve-\(agent)" }

    /// The agent, which must have finished (`done`): a running agent's branch must not move under it, and
    /// other statuses have nothing to merge.
    func finishedAgent(_ name: String) throws -> (AgentRecord, SessionSnapshot) {
        let snapshot = try store.load(sessionID)
        guard let agent = snapshot.agent(name) else {
            throw AgentsError.usage("session \(sessionID) has no agent '\(name)'",
                                    hint: "its agents: \(snapshot.agents.map(\.name).joined(separator: ", "))")
        }
        guard agent.status == .done else {
            let why = agent.status == .merged ? "is merged already" : "is \(agent.status)" + (agent.reason.map { " (\($0))" } ?? "")
            throw AgentsError.usage("\(name) \(why): only a finished (done) agent's conflicts can be resolved",
                                    hint: "see git agents status")
        }
        return (agent, snapshot)
    }

    func branchTip(_ branch: String, what: String) throws -> OID {
        guard let tip = try repository.referenceTarget("refs/heads/" + branch) else {
            throw AgentsError.usage("\(what) \(branch) does not exist any more",
                                    hint: "create it again (git branch \(branch) <commit>), then resolve")
        }
        return tip
    }

    /// The open resolution worktree of `agent`: the worktree with its temporary branch checked out.
    public func openWorktree(of agent: String) -> String? { TargetUpdate.checkout(of: branch(of: agent), in: workspace) }

    // MARK: open

    /// Opens the agent's merge with the target (and the finished agents merged before it) in a resolution
    /// worktree; nil (nothing created) when they do not conflict.
    public func open(_ name: String) throws -> OpenedResolution? {
        let (agent, snapshot) = try finishedAgent(name)
        let target = snapshot.session.into
        let tip = try branchTip(target, what: "the target branch")
        let head = try branchTip(agent.branch, what: "the branch of \(name),")
        let temporary = branch(of: name)
        if let open = openWorktree(of: name) {
            throw AgentsError.failed("a resolution of \(name) is open already in \(open)",
                                     hint: "finish it there (git agents resolve --agent \(name) --continue) or give it up (--abort)")
        }
        if try repository.referenceTarget("refs/heads/" + temporary) != nil {
            throw AgentsError.failed("the branch \(temporary) of an earlier resolution of \(name) is left, but no worktree has it",
                                     hint: "remove it with git agents resolve --agent \(name) --abort, then resolve again")
        }
        // What the agent is merged onto in the end: the target with the finished agents merged before it (in the
        // order review and merge use). Two agents editing the same lines conflict there, not with the target.
        let onto = try integrationBefore(name, in: snapshot, tip: tip)
        guard try repository.mergeCommits(ours: head, theirs: onto).tree == nil else { return nil }

        let folder = try freeFolder(for: name, beside: agent.worktree)
        let adminName = URL(fileURLWithPath: folder).lastPathComponent
        // The merged-before work gets a branch of its own while the resolution is open, so that git's markers
        // and MERGE_MSG name it.
        let theirs = onto == tip ? target : ontoBranch(of: name)
        try repository.createBranch(temporary, at: head)
        do {
            if onto != tip { try repository.createBranch(theirs, at: onto) }
            try repository.addWorktree(name: adminName, path: folder, branch: "refs/heads/" + temporary)
            let worktree = try Repository.open(at: folder)
            let merged = try worktree.mergeIntoWorktree(branch: "refs/heads/" + theirs)
            return OpenedResolution(agent: name, path: folder, target: target, targetTip: merged,
                                    conflicted: try worktree.unmergedPaths())
        } catch {
            // Nothing half-made is left: the worktree holds nothing yet but what git can make again.
            try? repository.pruneWorktree(name: adminName, deleteFolder: true)
            try? repository.deleteBranch(temporary, expected: head)
            if onto != tip { try? repository.deleteBranch(theirs, expected: onto) }
            throw error
        }
    }

    /// `agents/<session>/resolve-<agent>-onto`: the target with the agents merged before this one.
    func ontoBranch(of agent: String) -> String { branch(of: agent) + "-onto" }

    /// The target's tip with every finished agent before `name` (dependency order) merged onto it, as a commit
    /// of the repository; the tip itself when there are none (or none merges).
    private func integrationBefore(_ name: String, in snapshot: SessionSnapshot, tip: OID) throws -> OID {
        let earlier = snapshot.agents.prefix { $0.name != name }.filter { $0.status == .done }
        let integration = try Integration.build(repository, onto: tip, agents: Array(earlier))
        guard !integration.merged.isEmpty, try !integration.isEmpty(repository) else { return tip }
        return try integration.commit(message: "\(snapshot.session.into) with \(integration.merged.map(\.name).joined(separator: ", ")) merged, "
                                      + "to resolve \(name) against", in: repository)
    }

    /// `resolve-<agent>` beside the agents' worktrees, or `resolve-<agent>-<session>` when another session's
    /// resolution has that name.
    private func freeFolder(for agent: String, beside agentWorktree: String) throws -> String {
        let parent = (agentWorktree as NSString).deletingLastPathComponent
        let taken = Set(try repository.worktrees().map(\.name))
        for name in ["resolve-\(agent)", "resolve-\(agent)-\(sessionID)"] {
            let folder = parent + "/" + name
            if !taken.contains(name) && !FileManager.default.fileExists(atPath: folder) { return folder }
        }
        throw AgentsError.failed("\(parent)/resolve-\(agent) is in the way of the resolution worktree",
                                 hint: "move it away, then resolve again")
    }

    // MARK: abort

    /// Removes the resolution worktree (with whatever was done in it) and its temporary branch; returns the
    /// folder removed, nil when only a branch was left.
    @discardableResult
    public func abort(_ name: String) throws -> String? {
        let snapshot = try store.load(sessionID)
        guard snapshot.agent(name) != nil else { throw AgentsError.usage("session \(sessionID) has no agent '\(name)'") }
        let temporary = branch(of: name)
        let open = openWorktree(of: name)
        let leftBranch = try repository.referenceTarget("refs/heads/" + temporary)
        guard open != nil || leftBranch != nil else {
            throw AgentsError.usage("no resolution of \(name) is open", hint: "open one with git agents resolve --agent \(name)")
        }
        // Commits made in the resolution worktree are not thrown away with it: the record keeps them reachable.
        if let leftBranch, let head = snapshot.agent(name)?.head, leftBranch != head,
           try !repository.isAncestor(leftBranch, of: Integration.work(of: snapshot.agent(name)!, in: repository)) {
            try store.update(sessionID, activity: "\(name): resolution given up; its commits kept in this record as \(leftBranch.short)") { document in
                document.tree.keepReachable(leftBranch)
            }
        }
        try remove(name, folder: open)
        return open
    }

    /// Removes the worktree at `folder` (and any of ours whose folder is gone) and the temporary branch.
    func remove(_ name: String, folder: String?) throws {
        let ours = ["resolve-\(name)", "resolve-\(name)-\(sessionID)"]
        for worktree in try repository.worktrees()
        where (folder != nil && worktree.path == folder) || (!worktree.isValid && ours.contains(worktree.name)) {
            try repository.pruneWorktree(name: worktree.name, deleteFolder: worktree.isValid)
        }
        for temporary in [branch(of: name), ontoBranch(of: name)] {
            if let tip = try repository.referenceTarget("refs/heads/" + temporary) {
                try repository.deleteBranch(temporary, expected: tip)
            }
        }
    }
}
