// A `start` killed half-way (SIGKILL during a slow agents.setup, a reboot) leaves a session in `planning`
// that nobody is creating any more. The next command that looks at it finishes the rollback.
import Foundation
import GitKit

enum InterruptedStart {
    static func startLock(_ workspace: Workspace) -> String { workspace.runtimeDir + "/start.lock" }

    /// True when the session is `planning` and no `start` is at work: every `start` holds start.lock from
    /// before it creates its record until the record says `running` (or is gone), so a planning session while
    /// nobody holds it was left by a `start` that died.
    static func isAbandoned(_ snapshot: SessionSnapshot, _ workspace: Workspace) -> Bool {
        snapshot.session.state == .planning && !FileLock.isHeld(path: startLock(workspace))
    }

    /// Removes what the dead `start` made — worktrees with nothing uncommitted, branches still at their base —
    /// and then the record. What holds work is kept, and the record then says `failed` with the reason and
    /// stays to say where it is. Returns a notice for the person, nil when the session was not abandoned.
    static func recover(_ workspace: Workspace, session id: String) throws -> String? {
        let store = SessionStore(repository: workspace.repository)
        guard let snapshot = try? store.load(id), isAbandoned(snapshot, workspace) else { return nil }
        // Holding start.lock ourselves: no `start` begins creating meanwhile, and two commands never
        // recover the same session at once.
        guard let lock = FileLock(path: startLock(workspace)) else { return nil }
        defer {
            lock.removeFile()
            withExtendedLifetime(lock) {}
        }
        guard let current = try? store.load(id), current.session.state == .planning else { return nil }
        var kept: [String] = []
        for agent in current.agents {
            let keptWorktree = removeWorktree(of: agent, workspace.repository)
            kept += keptWorktree
            // A kept worktree keeps its branch: without it, its next commit would start a new history.
            if keptWorktree.isEmpty { kept += removeBranch(of: agent, workspace.repository) }
        }
        // The folders that held the worktrees go too when nothing else is in them (rmdir refuses otherwise).
        for folder in Set(current.agents.map { ($0.worktree as NSString).deletingLastPathComponent }) { rmdir(folder) }
        if kept.isEmpty {
            try store.delete(id)
            try? FileManager.default.removeItem(atPath: RuntimeFolder(workspace, session: id).path)
            return "session \(id) was left half-made by a git agents start that was interrupted; what it had created is removed"
        }
        let reason = "its start was interrupted; kept because they hold work: \(kept.joined(separator: ", "))"
        try store.update(id, activity: "session \(id) failed: \(reason)") { document in
            guard document.transitionSession({ try $0.abandon(reason: reason) }) else { return }
            // Its agents never ran and will not: they say why (restart runs one in what was kept).
            for name in document.agents.keys {
                document.transition(name) { try $0.block(reason: "the start that was creating it was interrupted", at: Date()) }
            }
        }
        return "session \(id) was left half-made by a git agents start that was interrupted; \(reason)"
    }

    /// The agent's worktree, if it exists and holds nothing uncommitted; else what is kept.
    private static func removeWorktree(of agent: AgentRecord, _ repository: Repository) -> [String] {
        guard let registered = try? repository.worktrees().first(where: {
            SessionStore.canonical($0.path) == SessionStore.canonical(agent.worktree) }) else { return [] }
        guard FileManager.default.fileExists(atPath: agent.worktree) else {
            try? repository.pruneWorktree(name: registered.name, deleteFolder: false)
            return []
        }
        guard let worktree = try? Repository.open(at: agent.worktree), (try? worktree.hasNothingUncommitted()) == true,
              (try? repository.pruneWorktree(name: registered.name, deleteFolder: true)) != nil else {
            return [agent.worktree]
        }
        return []
    }

    /// The agent's branch, if it still points at its base; else what is kept.
    private static func removeBranch(of agent: AgentRecord, _ repository: Repository) -> [String] {
        guard let tip = try? repository.referenceTarget("refs/heads/" + agent.branch) else { return [] }
        guard tip == agent.base, (try? repository.deleteBranch(agent.branch, expected: tip)) != nil else {
            return [agent.branch]
        }
        return []
    }
}
