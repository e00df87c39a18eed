// `git agents cleanup` (SPEC §1): a finished session's worktrees and merged branches go, and its record moves to
// refs/agents/archive/<id>. Nothing is lost: unmerged or uncommitted work stays unless --force, and with --force
// every commit that only a deleted branch or worktree held is first made reachable from the record.
import Foundation
import GitKit

public struct CleanupOptions: Sendable {
    /// Delete unmerged branches and remove worktrees holding uncommitted work (kept in the record first).
    public var force: Bool
    /// Leave failed and blocked agents' worktrees and branches for debugging.
    public var keepFailed: Bool

    public init(force: Bool = false, keepFailed: Bool = false) {
        self.force = force
        self.keepFailed = keepFailed
    }
}

public struct SessionCleanup {
    let workspace: Workspace
    let options: CleanupOptions
    var store: SessionStore { SessionStore(repository: workspace.repository) }
    var repository: Repository { workspace.repository }

    public init(workspace: Workspace, options: CleanupOptions) {
        self.workspace = workspace
        self.options = options
    }

    /// What `--all` cleans (every finished session not archived yet, newest first) and what it skips.
    public func finishedSessions() throws -> (ids: [String], skipped: [SkippedSession]) {
        var ids: [String] = [], skipped: [SkippedSession] = []
        for snapshot in try store.readAll().sessions {
            let id = snapshot.session.id
            switch snapshot.session.state {
            case .done, .failed, .stopped, .merged, .cleaned: ids.append(id)
            case .running, .planning: skipped.append(SkippedSession(session: id, reason: "it is running; stop it first: git agents stop --session \(id)"))
            case .unknown(let state): skipped.append(SkippedSession(session: id, reason: "it is \(state), a state of a newer git-agents"))
            }
        }
        return (ids, skipped)
    }

    /// Cleans one session. A session still at work is refused (exit 2); one cleaned before is left as it is.
    /// `only` limits it to some agents (a hand merge's, with agents.autoCleanup): the record is archived only
    /// when they are all of its agents.
    public func clean(_ id: String, only: Set<String>? = nil) throws -> CleanupResult {
        if try store.isArchived(id) { return CleanupResult(session: id, steps: [], archived: true, alreadyClean: true, problems: []) }
        let snapshot = try store.load(id)
        switch snapshot.session.state {
        case .running, .planning:
            throw AgentsError.usage("session \(id) is \(snapshot.session.state): its agents may still be at work",
                                    hint: "stop it first: git agents stop --session \(id)")
        case .unknown(let state):
            throw AgentsError.usage("session \(id) is \(state), a state this version of git-agents does not know",
                                    hint: "clean it up with the newer git-agents that wrote it")
        case .cleaned:
            // An earlier cleanup stopped between its last record update and the archive: finish it.
            return try archive(id, steps: [])
        case .done, .failed, .stopped, .merged:
            break
        }
        if let busy = snapshot.agents.first(where: { !$0.status.isFinal }) {
            throw AgentsError.usage("\(busy.name) in session \(id) is \(busy.status)", hint: "stop it first: git agents stop --session \(id)")
        }
        // A person's resolution in progress is theirs: only its own --continue or --abort ends it.
        let resolution = Resolution(workspace: workspace, sessionID: id)
        for agent in snapshot.agents {
            let open = resolution.openWorktree(of: agent.name)
            let leftBranch = try repository.referenceTarget("refs/heads/" + resolution.branch(of: agent.name))
            if open != nil || leftBranch != nil {
                throw AgentsError.usage("a resolution of \(agent.name) is open" + (open.map { " in \($0)" } ?? "") + "; nothing was cleaned",
                                        hint: "finish it (git agents resolve --agent \(agent.name) --continue --session \(id)) or give it up (--abort), then clean up")
            }
        }
        return try clean(snapshot, only: only)
    }

    /// A branch cleanup will delete once its worktree is gone.
    private struct Deletion {
        let agent: AgentRecord
        let tip: OID
        let detail: String
    }

    private func clean(_ snapshot: SessionSnapshot, only: Set<String>?) throws -> CleanupResult {
        let id = snapshot.session.id, into = snapshot.session.into
        let worktrees = WorktreeCleanup(repository: repository, here: SessionStore.canonical(workspace.worktreeRoot),
                                        force: options.force)
        let intoTip = into.isEmpty ? nil : try repository.referenceTarget("refs/heads/" + into)
        var inspected: [CleanupStep] = [], branchSteps: [CleanupStep] = []
        var plans: [(agent: AgentRecord, plan: WorktreeCleanup.Plan)] = []
        var deletions: [Deletion] = []
        var keep: [(commit: OID, what: String)] = []
        for agent in snapshot.agents where only?.contains(agent.name) ?? true {
            let tip = try repository.referenceTarget("refs/heads/" + agent.branch)
            if options.keepFailed && [.failed, .blocked].contains(agent.status) {
                let why = "\(agent.name) \(agent.status); kept by --keep-failed"
                if FileManager.default.fileExists(atPath: agent.worktree) {
                    inspected.append(CleanupStep(.keptWorktree, agent: agent.name, target: agent.worktree, detail: why, requested: true))
                }
                if tip != nil { branchSteps.append(CleanupStep(.keptBranch, agent: agent.name, target: agent.branch, detail: why, requested: true)) }
                continue
            }
            let inspection = worktrees.inspect(agent)
            inspected += inspection.steps
            keep += inspection.keep.map { ($0, "\(agent.name)'s detached HEAD") }
            plans.append((agent, inspection.plan))
            // Read again: --force may just have committed the worktree's leftovers onto it.
            guard let tip = try repository.referenceTarget("refs/heads/" + agent.branch) else { continue }
            if case .keep = inspection.plan {
                branchSteps.append(CleanupStep(.keptBranch, agent: agent.name, target: agent.branch, detail: "its worktree is kept"))
                continue
            }
            let merged = try intoTip.map { try repository.isAncestor(tip, of: $0) } ?? false
            if merged {
                deletions.append(Deletion(agent: agent, tip: tip, detail: tip == agent.base ? "no commits of its own" : "merged into \(into)"))
            } else if case let elsewhere = mergedElsewhere(agent, tip: tip), elsewhere || options.force {
                // Its commits stay reachable through the archived record, so `git gc` never takes them.
                keep.append((tip, "\(agent.branch) (\(tip.short))"))
                let how = elsewhere ? "merged" : "not merged"
                deletions.append(Deletion(agent: agent, tip: tip, detail: "\(how); \(tip.short) kept in the session record"))
            } else {
                let target = into.isEmpty ? "" : " into \(into)"
                branchSteps.append(CleanupStep(.keptBranch, agent: agent.name, target: agent.branch,
                                               detail: "not merged\(target); use --force to delete it and keep its commits in the session record"))
            }
        }
        if !keep.isEmpty {
            try store.update(id, activity: "cleanup: kept \(keep.map(\.what).joined(separator: ", ")) in this record") { document in
                for (commit, _) in keep { document.tree.keepReachable(commit) }
            }
        }
        var removed: [CleanupStep] = []
        var worktreeKept = Set<String>()
        for (agent, plan) in plans {
            guard let step = worktrees.carryOut(plan, for: agent) else { continue }
            removed.append(step)
            if step.action == .keptWorktree { worktreeKept.insert(agent.name) }
        }
        for deletion in deletions {
            branchSteps.append(delete(deletion, worktreeKept: worktreeKept.contains(deletion.agent.name)))
        }
        // Branches in the session's agent order, whether kept at once or deleted after the worktrees went.
        let order = Dictionary(uniqueKeysWithValues: snapshot.agents.enumerated().map { ($1.name, $0) })
        let steps = inspected + removed + branchSteps.enumerated().sorted {
            (order[$0.element.agent] ?? 0, $0.offset) < (order[$1.element.agent] ?? 0, $1.offset)
        }.map(\.element)
        let everyAgent = only.map { Set(snapshot.agents.map(\.name)).isSubset(of: $0) } ?? true
        guard !steps.contains(where: \.isKept), everyAgent else {
            // Kept work keeps the session where it is, so that a later cleanup (--force) finds it and finishes.
            if let summary = Self.summary(steps) { try store.update(id, activity: "cleanup: \(summary)") { _ in } }
            return CleanupResult(session: id, steps: steps, archived: false, alreadyClean: false, problems: [])
        }
        return try archive(id, steps: steps)
    }

    private func delete(_ deletion: Deletion, worktreeKept: Bool) -> CleanupStep {
        let agent = deletion.agent
        func kept(_ why: String) -> CleanupStep { CleanupStep(.keptBranch, agent: agent.name, target: agent.branch, detail: why) }
        if worktreeKept { return kept("its worktree is kept") }
        do {
            if try repository.isCheckedOut(branch: agent.branch) { return kept("it is checked out in a worktree") }
            try repository.deleteBranch(agent.branch, expected: deletion.tip)
        } catch let error as GitError where error.code == .modified {
            return kept("it moved while cleanup ran")
        } catch {
            return kept("it could not be deleted (\(AgentFinisher.brief(error)))")
        }
        for folder in repository.referenceFolders(of: "refs/heads/" + agent.branch) { rmdir(folder) }
        return CleanupStep(.deletedBranch, agent: agent.name, target: agent.branch, commit: deletion.tip, detail: deletion.detail)
    }

    /// The session goes to `cleaned`, its record to the archive, its runtime folder (saved environment
    /// included) away. Everything in that folder was copied into the record when its agent ended: an agent
    /// whose end is not recorded keeps the session running, and a running session is never cleaned up.
    private func archive(_ id: String, steps: [CleanupStep]) throws -> CleanupResult {
        var state = SessionState.cleaned
        try store.update(id) { document in
            guard document.session.state != .cleaned else { return nil }
            guard document.transitionSession({ try $0.cleanedUp() }) else {
                state = document.session.state
                return nil
            }
            return "session \(id) cleaned up" + (Self.summary(steps).map { ": " + $0 } ?? "")
        }
        guard state == .cleaned else {
            throw AgentsError.failed("session \(id) became \(state) while it was being cleaned up, so it is not archived",
                                     hint: "see git agents status --session \(id); run cleanup again once it has ended")
        }
        try store.archive(id)
        var problems: [String] = []
        let runtime = RuntimeFolder(workspace, session: id).path
        if FileManager.default.fileExists(atPath: runtime) {
            do {
                try FileManager.default.removeItem(atPath: runtime)
            } catch {
                problems.append("its runtime folder \(runtime) could not be removed (\(AgentFinisher.brief(error))); remove it by hand")
            }
        }
        return CleanupResult(session: id, steps: steps, archived: true, alreadyClean: false, problems: problems)
    }

    /// The activity line's account of what was done and kept; nil when nothing was.
    static func summary(_ steps: [CleanupStep]) -> String? {
        func count(_ actions: Set<CleanupStep.Action>, _ noun: String, _ plural: String? = nil) -> String? {
            let number = steps.filter { actions.contains($0.action) }.count
            return number == 0 ? nil : Units.count(number, noun, plural: plural)
        }
        let done = [count([.removedWorktree, .prunedWorktree], "worktree").map { "removed " + $0 },
                    count([.movedAside], "worktree").map { "moved aside " + $0 },
                    count([.deletedBranch], "branch", "branches").map { "deleted " + $0 }].compactMap { $0 }
        let kept = steps.filter(\.isKept).map(\.target)
        guard !done.isEmpty || !steps.filter({ $0.action == .committedWork }).isEmpty else { return nil }
        return (done.isEmpty ? ["committed uncommitted work"] : done).joined(separator: ", ")
            + (kept.isEmpty ? "" : "; kept \(kept.joined(separator: ", "))")
    }
}

extension SessionCleanup {
    /// Merged somewhere other than the target (the manual strategy's integration branch): the record says
    /// merged, and the branch holds nothing beyond the head that was merged (no commit made after the merge).
    func mergedElsewhere(_ agent: AgentRecord, tip: OID) -> Bool {
        agent.status == .merged && ((try? repository.isAncestor(tip, of: agent.head)) ?? false)
    }
}
