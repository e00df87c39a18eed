// An agent's worktree during cleanup: looked at (and, with --force, its uncommitted work committed) first,
// removed only once the record keeps every commit the removal could strand. Nothing git does not hold is
// ever deleted: such a folder is left in place or moved aside.
import Foundation
import GitKit

struct WorktreeCleanup {
    let repository: Repository
    /// The worktree the command runs in (canonical): never removed from under the person.
    let here: String
    let force: Bool

    enum Plan {
        /// No folder and no registration: nothing to do.
        case nothing
        /// The folder is gone: only git's registration is left.
        case prune(registration: String)
        /// Everything in it is committed: the folder and its registration go.
        case remove(registration: String)
        /// It holds what git cannot hold (a nested repository): the folder is moved, never deleted.
        case moveAside(registration: String, why: String)
        /// It stays, and so does its branch (a step says why).
        case keep
    }

    struct Inspection {
        var plan: Plan
        var steps: [CleanupStep] = []
        /// Commits that only this worktree holds (a detached HEAD): the record keeps them before it goes.
        var keep: [OID] = []
    }

    /// Decides what to do with the agent's worktree; with --force, commits its uncommitted work first.
    func inspect(_ agent: AgentRecord) -> Inspection {
        let path = agent.worktree
        let registered = (try? repository.worktrees())?.first {
            $0.path == path || SessionStore.canonical($0.path) == SessionStore.canonical(path)
        }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            return Inspection(plan: registered.map { .prune(registration: $0.name) } ?? .nothing)
        }
        func kept(_ why: String) -> Inspection {
            Inspection(plan: .keep, steps: [CleanupStep(.keptWorktree, agent: agent.name, target: path, detail: why)])
        }
        // A link put in the worktree's place leads elsewhere: deleting through it could delete anything.
        if info.st_mode & S_IFMT == S_IFLNK { return kept("it is a symbolic link, not the folder git-agents made") }
        guard let registered else {
            return kept("it is no longer a registered worktree of this repository, so git may not hold its files")
        }
        if registered.isLocked { return kept("it is locked; unlock it first: git worktree unlock \(path)") }
        if SessionStore.canonical(path) == here { return kept("the command runs inside it; run cleanup from another folder") }
        guard let worktree = try? Repository.open(at: path) else {
            return kept("it cannot be opened as a worktree; see git agents recreate --agent \(agent.name)")
        }
        do {
            let clean = try worktree.hasNothingUncommitted()
            let stray = try detachedWork(worktree, agent)
            // Ignored files go with the worktree (as git worktree remove does), but not a repository's history.
            let nested = (try? worktree.repositoriesInIgnoredFolders()) ?? []
            if !nested.isEmpty {
                let what = "\(nested.joined(separator: ", ")) \(nested.count == 1 ? "is a git repository" : "are git repositories") inside an ignored folder"
                guard force else { return kept("\(what); use --force to move the worktree aside (it is never deleted)") }
                var inspection = try commitAndPlan(worktree, agent, registration: registered.name, clean: clean)
                inspection.plan = .moveAside(registration: registered.name, why: "\(what), which git does not hold")
                return inspection
            }
            if clean && stray == nil { return Inspection(plan: .remove(registration: registered.name)) }
            guard force else {
                return kept(clean
                    ? "its HEAD (\(stray!.short)) is on no branch; use --force to keep that commit in the session record and remove it"
                    : "it has uncommitted changes; use --force to commit them to \(agent.branch) and remove it")
            }
            return try commitAndPlan(worktree, agent, registration: registered.name, clean: clean)
        } catch {
            return kept("its uncommitted work could not be committed (\(AgentFinisher.brief(error)))")
        }
    }

    /// --force on a worktree holding work: the work is committed where HEAD is, and a folder still holding
    /// something afterwards (a nested repository, a file that could not be added) is moved aside.
    private func commitAndPlan(_ worktree: Repository, _ agent: AgentRecord, registration: String,
                               clean: Bool) throws -> Inspection {
        var inspection = Inspection(plan: .remove(registration: registration))
        if !clean {
            let result = try worktree.commitEverything(message: """
                \(agent.name): work left uncommitted, committed by git agents cleanup --force

                Committed so that nothing is lost when its worktree is removed (role \(agent.role)).
                """)
            if let commit = result.commit {
                let branch = try worktree.headBranch().map { String($0.dropFirst("refs/heads/".count)) } ?? "its detached HEAD"
                inspection.steps.append(CleanupStep(.committedWork, agent: agent.name, target: branch, commit: commit))
            }
            if !result.leftOut.isEmpty {
                let folders = result.leftOut.joined(separator: ", ")
                let what = result.leftOut.count == 1 ? "is a git repository" : "are git repositories"
                inspection.plan = .moveAside(registration: registration, why: "\(folders) \(what) of its own, which git does not hold")
            } else if try !worktree.hasNothingUncommitted() {
                inspection.plan = .moveAside(registration: registration, why: "some of its files could not be committed")
            }
        }
        if let stray = try detachedWork(worktree, agent) { inspection.keep.append(stray) }
        return inspection
    }

    /// A detached HEAD's commit that the agent's branch does not hold: removing the worktree (and its HEAD)
    /// would leave it to `git gc`.
    private func detachedWork(_ worktree: Repository, _ agent: AgentRecord) throws -> OID? {
        guard try worktree.headBranch() == nil, let head = try worktree.headCommit() else { return nil }
        if let tip = try repository.referenceTarget("refs/heads/" + agent.branch), try repository.isAncestor(head, of: tip) {
            return nil
        }
        return head
    }

    /// Carries out a plan once the record keeps what it must; returns what was done (or kept, on failure).
    func carryOut(_ plan: Plan, for agent: AgentRecord) -> CleanupStep? {
        let path = agent.worktree
        func kept(_ error: Error) -> CleanupStep {
            CleanupStep(.keptWorktree, agent: agent.name, target: path, detail: "it could not be removed (\(AgentFinisher.brief(error)))")
        }
        defer { rmdir((path as NSString).deletingLastPathComponent) } // the worktree base, once nothing is left in it
        switch plan {
        case .nothing, .keep:
            return nil
        case .prune(let registration):
            do {
                try repository.pruneWorktree(name: registration, deleteFolder: false)
                return CleanupStep(.prunedWorktree, agent: agent.name, target: path, detail: "its folder was already gone")
            } catch { return kept(error) }
        case .remove(let registration):
            // libgit2 deletes the folder without following the symbolic links inside it (a test holds it to that).
            do {
                try repository.pruneWorktree(name: registration, deleteFolder: true)
                return CleanupStep(.removedWorktree, agent: agent.name, target: path)
            } catch { return kept(error) }
        case .moveAside(let registration, let why):
            let aside = path + ".kept-" + SessionStore.dayPrefix(Date()) + "-\(getpid())"
            do {
                try FileManager.default.moveItem(atPath: path, toPath: aside)
            } catch { return kept(error) }
            // A registration left behind names a folder that is gone: harmless, and `git worktree prune` drops it.
            try? repository.pruneWorktree(name: registration, deleteFolder: false)
            return CleanupStep(.movedAside, agent: agent.name, target: path, detail: why, movedTo: aside)
        }
    }
}
