// Moving the target branch to the integration commit (SPEC §6): one compare-and-swap, and the worktree that
// has it checked out (main or linked) updated along — only when that worktree is clean. Local changes are
// never lost: otherwise nothing changes and the command says which files are in the way.
import Foundation
import GitKit

enum TargetUpdate {
    /// Every worktree of the repository (main and linked), with its git folder.
    static func worktrees(of workspace: Workspace) -> [(path: String, gitDir: String)] {
        var candidates: [(String, String)] = []
        if FileManager.default.fileExists(atPath: workspace.mainWorktreeRoot + "/.git") {
            candidates.append((workspace.mainWorktreeRoot, workspace.commonDir))
        }
        candidates += ((try? workspace.repository.worktrees()) ?? []).filter(\.isValid)
            .map { ($0.path, workspace.repository.worktreesFolder + "/" + $0.name) }
        return candidates
    }

    /// The worktree (main or linked) whose HEAD is `branch`, nil when none has it checked out.
    static func checkout(of branch: String, in workspace: Workspace) -> String? {
        let ref = "refs/heads/" + branch
        return worktrees(of: workspace).first { (try? Repository.open(at: $0.path).headBranch()) == .some(ref) }?.path
    }

    /// Refuses (exit 1, nothing changed) when git is in the middle of something with `branch` that a moved
    /// branch would break: checked out in more than one worktree, or being rebased or bisected (HEAD is
    /// detached then, but the branch is git's to move back when that ends).
    static func requireUntangled(_ branch: String, in workspace: Workspace) throws {
        let ref = "refs/heads/" + branch
        let all = worktrees(of: workspace)
        let holding = all.filter { (try? Repository.open(at: $0.path).headBranch()) == .some(ref) }.map(\.path)
        if holding.count > 1 {
            throw AgentsError.failed("\(branch) is checked out in more than one worktree (\(holding.joined(separator: ", "))); nothing was merged",
                                     hint: "switch all but one of them to another branch, then merge again")
        }
        for (path, gitDir) in all {
            let busy = ["rebase-merge/head-name", "rebase-apply/head-name"].contains { file in
                (try? String(contentsOfFile: gitDir + "/" + file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) == ref
            } || (try? String(contentsOfFile: gitDir + "/BISECT_START", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) == branch
            if busy {
                throw AgentsError.failed("\(branch) is being rebased or bisected in \(path); nothing was merged",
                                         hint: "finish or abort that there (git rebase --continue / --abort, git bisect reset), then merge again")
            }
        }
    }

    /// Refuses (exit 1, nothing changed) when `branch` is checked out in a worktree with uncommitted changes.
    static func requireClean(_ branch: String, in workspace: Workspace) throws {
        try requireUntangled(branch, in: workspace)
        guard let path = checkout(of: branch, in: workspace) else { return }
        try requireNothingUncommitted(in: path, branch, unchanged: "nothing was merged",
                                      hint: "commit or stash them there, then run git agents merge --approve again")
    }

    private static func requireNothingUncommitted(in path: String, _ branch: String, unchanged: String, hint: String) throws {
        let dirty = try Repository.open(at: path).uncommittedTrackedPaths()
        guard !dirty.isEmpty else { return }
        let shown = dirty.prefix(5).joined(separator: ", ") + (dirty.count > 5 ? " and \(dirty.count - 5) more" : "")
        throw AgentsError.failed("\(branch) is checked out in \(path) with uncommitted changes (\(shown)); \(unchanged)", hint: hint)
    }

    /// Moves `branch` from `old` to `new`, and the worktree that has it checked out along — only when that
    /// worktree has nothing uncommitted (else an error naming the files, ending with `unchanged`). Returns that
    /// worktree. GitErrors (`.modified`: the branch moved meanwhile; `.conflict`: files in the way) pass through.
    @discardableResult
    static func moveWithCheckout(_ branch: String, from old: OID, to new: OID, in workspace: Workspace, message: String,
                                 unchanged: String, hint: String) throws -> String? {
        guard let path = checkout(of: branch, in: workspace) else {
            try workspace.repository.updateReference("refs/heads/" + branch, to: new, expected: old, message: "git-agents: \(message)")
            return nil
        }
        try requireNothingUncommitted(in: path, branch, unchanged: unchanged, hint: hint)
        try Repository.open(at: path).moveBranchAndCheckout(to: new, expected: old)
        return path
    }

    /// Moves `branch` from `old` to `new`, and its checked-out worktree along.
    static func move(_ branch: String, from old: OID, to new: OID, in workspace: Workspace, message: String) throws {
        let ref = "refs/heads/" + branch
        // Ctrl-C must not cut the move in half: the branch and its files change together or not at all.
        let previous = (signal(SIGINT, SIG_IGN), signal(SIGTERM, SIG_IGN), signal(SIGHUP, SIG_IGN))
        defer {
            signal(SIGINT, previous.0)
            signal(SIGTERM, previous.1)
            signal(SIGHUP, previous.2)
        }
        do {
            try requireUntangled(branch, in: workspace)
            try moveWithCheckout(branch, from: old, to: new, in: workspace, message: message, unchanged: "nothing was merged",
                                 hint: "commit or stash them there, then run git agents merge --approve again")
        } catch let error as GitError where error.code == .modified || error.code == .locked || error.code == .notFound {
            throw AgentsError.failed("\(branch) moved while the merge was prepared (a commit landed on it); nothing was changed",
                                     hint: "run git agents merge --approve again")
        } catch let error as GitError where error.code == .conflict {
            throw AgentsError.failed("files in the worktree of \(branch) are in the way of the merge (\(error.message)); nothing was changed",
                                     hint: "move the untracked files that the agents also created, then merge again")
        }
    }
}
