// `git agents resolve --continue`: the person's resolution becomes a merge commit (the agent's head, the
// target's tip) on the agent's branch — only when no unmerged path and no conflict marker is left — and the
// agent's worktree follows when it is clean. Nothing is lost: on any refusal the resolution worktree stays.
import Foundation
import GitKit

extension Resolution {
    /// The lines git writes around conflicts (`|||||||` with merge.conflictStyle=diff3).
    static func hasConflictMarkers(_ data: Data) -> Bool {
        String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).contains { raw in
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            return line == "=======" || ["<<<<<<< ", ">>>>>>> ", "||||||| "].contains { line.hasPrefix($0) }
        }
    }

    /// The files of `folder` among `paths` that still hold conflict markers, sorted.
    static func filesWithMarkers(_ paths: [String], in folder: String) -> [String] {
        paths.filter { path in
            FileManager.default.contents(atPath: folder + "/" + path).map(hasConflictMarkers) ?? false
        }.sorted()
    }

    /// Records the resolution open for `name` (see the file's comment); `check` may refuse the commit before the
    /// agent's branch moves (the tests of `resolve --auto`).
    public func finish(_ name: String, by person: String, check: ((OID) throws -> Void)? = nil) throws -> FinishedResolution {
        let (agent, snapshot) = try finishedAgent(name)
        let target = snapshot.session.into
        guard let folder = openWorktree(of: name) else {
            throw AgentsError.usage("no resolution of \(name) is open", hint: "open one with git agents resolve --agent \(name)")
        }
        let worktree = try Repository.open(at: folder)
        let unmerged = try worktree.unmergedPaths()
        guard unmerged.isEmpty else {
            throw AgentsError.conflicts("unmerged paths remain in \(folder): \(unmerged.joined(separator: ", "))",
                                        hint: "resolve them, git add them there, then git agents resolve --agent \(name) --continue")
        }
        let head = try branchTip(agent.branch, what: "the branch of \(name),")
        let (parents, message, made) = try mergeInProgress(worktree, folder: folder, agent: name, head: head, target: target)
        let conflicted = try repository.conflictReport(ours: parents[0], theirs: parents[1]).conflicts.flatMap(\.paths)
        let marked = Self.filesWithMarkers(Array(Set(conflicted)), in: folder)
        guard marked.isEmpty else {
            throw AgentsError.conflicts("conflict markers remain in \(marked.joined(separator: ", ")) (in \(folder))",
                                        hint: "edit them out, git add the files, then git agents resolve --agent \(name) --continue")
        }
        // `git mergetool` keeps the marked file as `<path>.orig`: a backup, not part of the resolution.
        let backups = Set(conflicted.map { $0 + ".orig" }).subtracting(try worktree.uncommittedTrackedPaths())
        let tree = try worktree.stageEverything(leaving: backups).tree
        let commit = try made.flatMap { try repository.commit($0).tree == tree ? $0 : nil }
            ?? repository.createCommit(tree: tree, parents: parents, message: message)
        try check?(commit)
        let moved = try moveAgentBranch(agent, from: head, to: commit, keeping: folder)
        let stat = try? repository.diffStat(from: agent.base, to: commit)
        try store.update(sessionID, activity: "\(name): conflicts with \(target) resolved by \(person) as \(commit.short)") { document in
            document.agents[name]?.head = commit
            if let stat { document.agents[name]?.stats = DiffStats(files: stat.files, added: stat.insertions, deleted: stat.deletions) }
        }
        try remove(name, folder: folder)
        return FinishedResolution(agent: name, branch: agent.branch, target: target, commit: commit, agentWorktree: moved, removed: folder)
    }

    /// The resolution's parents (the agent's head, the target's tip merged) and message. A merge still open
    /// gives MERGE_HEAD and MERGE_MSG; one the person committed already (`git commit` concludes a merge) gives
    /// that commit's, and the commit itself.
    private func mergeInProgress(_ worktree: Repository, folder: String, agent: String, head: OID,
                                 target: String) throws -> (parents: [OID], message: String, made: OID?) {
        let current = try worktree.headCommit()
        if let theirs = try worktree.mergeHead(), current == head {
            return ([head, theirs], try worktree.preparedMessage() ?? "Merge branch '\(target)'", nil)
        }
        if let current, current != head {
            let made = try repository.commit(current)
            guard made.parents.count == 2, made.parents[0] == head else {
                throw AgentsError.failed("the resolution worktree \(folder) is not on a merge of \(target) into \(agent)'s head \(head.short) (its branch moved, or commits were added there)",
                                         hint: "give it up with git agents resolve --agent \(agent) --abort, then resolve again")
            }
            return (made.parents, made.message, current)
        }
        throw AgentsError.failed("no merge is in progress in \(folder) (was it aborted with git merge --abort?)",
                                 hint: "git agents resolve --agent \(agent) --abort, then resolve again")
    }

    /// Moves the agent's branch with compare-and-swap, and its worktree along only when that worktree has no
    /// uncommitted changes (never a forced checkout). Returns the worktree updated.
    private func moveAgentBranch(_ agent: AgentRecord, from head: OID, to commit: OID, keeping folder: String) throws -> String? {
        let kept = "nothing was changed; your resolution stays in \(folder)"
        do {
            return try TargetUpdate.moveWithCheckout(
                agent.branch, from: head, to: commit, in: workspace, message: "conflicts with the target resolved", unchanged: kept,
                hint: "commit or stash them there, then git agents resolve --agent \(agent.name) --continue")
        } catch let error as GitError where error.code == .modified || error.code == .locked || error.code == .notFound {
            throw AgentsError.failed("\(agent.branch) moved while the resolution was recorded; \(kept)",
                                     hint: "give it up with git agents resolve --agent \(agent.name) --abort, then resolve again")
        } catch let error as GitError where error.code == .conflict {
            throw AgentsError.failed("files in \(agent.name)'s worktree are in the way (\(error.message)); \(kept)",
                                     hint: "move the untracked files there, then git agents resolve --agent \(agent.name) --continue")
        }
    }
}
